import { ScanlineError } from '../../common/errors.js';
import { encodeFinal } from '../image-io/index.js';
import type { MaskProvider } from '../edit/mask-provider.js';
import { planEdit } from '../edit/planner.js';
import { runStep, stepBlocker } from '../edit/run-step.js';
import { describeStep, summarizeEdits } from '../edit/step-names.js';
import type { EditStep, Locale, Plan } from '../types.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

export interface EditTaskOptions {
  /** Finds object / foreground masks; without one, recolor and background edits are reported as not possible yet. */
  maskProvider?: MaskProvider;
}

/** The plan's steps (or the planner's reading of the prompt), plus `--ar` and `--size` as final steps. */
export function editProgram(plan: Plan): { steps: EditStep[]; unmapped: string[] } {
  const planned = plan.steps.length > 0 ? { steps: [...plan.steps], unmapped: [] } : planEdit(plan.prompt);
  const steps = [...planned.steps];
  const { aspect, size } = plan.params;
  if (aspect && !steps.some((s) => s.op === 'crop' || s.op === 'pad')) steps.push({ op: 'pad', aspect, fill: 'blur' });
  if (size && !steps.some((s) => s.op === 'resize' || s.op === 'scale')) steps.push({ op: 'resize', longSide: size });
  return { steps, unmapped: planned.unmapped };
}

const quoted = (text: string, locale: Locale) => (locale === 'zh' ? `“${text}”` : `"${text}"`);

const BLOCKED_REASON: Record<'needs_mask' | 'unsupported', Record<Locale, string>> = {
  needs_mask: { en: 'needs object masks, not installed yet', zh: '需要物体分割，尚未安装' },
  unsupported: { en: 'not available yet', zh: '尚不支持' },
};

/**
 * Edits the first input image (the replied-to image when iterating) by a program
 * of steps, showing each intermediate image as a preview. The reply lists what was
 * done and what could not be, in the plan's language.
 */
export function createEditTask(options: EditTaskOptions = {}): TaskHandler {
  return {
    needsImage: true,
    async run(ctx: TaskContext): Promise<TaskOutput> {
      const input = ctx.images[0];
      if (!input) throw new Error('edit task started without an image');
      const { locale } = ctx.plan;
      const program = editProgram(ctx.plan);
      const runnable: EditStep[] = [];
      const notDone = program.unmapped.map((text) => quoted(text, locale));
      for (const step of program.steps) {
        const blocker = stepBlocker(step, options.maskProvider !== undefined);
        if (blocker) {
          const reason = BLOCKED_REASON[blocker][locale];
          const what = quoted(describeStep(step, locale), locale);
          notDone.push(locale === 'zh' ? `${what}（${reason}）` : `${what} (${reason})`);
        } else runnable.push(step);
      }
      if (runnable.length === 0) {
        const what = notDone.length > 0 ? notDone.join(locale === 'zh' ? '；' : '; ') : quoted(ctx.plan.prompt, locale);
        throw new ScanlineError('edit_unmapped', { what });
      }

      const timingsMs: Record<string, number> = {};
      let image = input;
      for (const [i, step] of runnable.entries()) {
        ctx.signal.throwIfAborted();
        const started = performance.now();
        image = await runStep(image, step, {
          signal: ctx.signal,
          ...(options.maskProvider ? { maskProvider: options.maskProvider } : {}),
        });
        timingsMs[`step${i + 1}_${step.op}`] = performance.now() - started;
        // The last share of the bar is the encode.
        ctx.progress({ fraction: (i + 1) / (runnable.length + 1), image });
      }
      ctx.signal.throwIfAborted();
      const started = performance.now();
      const final = await encodeFinal(image, { maxBytes: ctx.maxFileBytes, name: 'scanline-edit' });
      timingsMs.encode = performance.now() - started;
      const done = runnable.map((step) => describeStep(step, locale));
      return { images: [final], notes: summarizeEdits(done, notDone, locale), timingsMs };
    },
  };
}

/** The edit task as the pipeline registers it (no mask provider yet). */
export const editTask: TaskHandler = createEditTask();
