import {
  EDIT_SKIP_REASONS,
  imagesRead,
  MULTI_IMAGE_OPS,
  type EditSkipReason,
  type EditStepOutcome,
} from '../../common/edit-step.js';
import { ScanlineError } from '../../common/errors.js';
import { planEdit, withParamSteps } from '../edit/planner.js';
import {
  cropPlacement,
  describeStep,
  foundNote,
  summarizeEdits,
  upscaleMethod,
  type RoughStep,
} from '../edit/step-names.js';
import { t } from '../../common/messages.js';
import { finalImages, engineInputs, hasInput } from './engine-images.js';
import type { EditStep, Locale, Plan } from '../types.js';
import type { EditTaskMeta } from '../../engine/index.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

export interface EditTaskOptions {
  /** Let recolor and background steps find their object (detector + GrabCut in the worker); default true. */
  masks?: boolean;
}

/** A routed plan's program as printed; a plan built elsewhere (tests, old journal lines) is planned here alike. */
export function editProgram(plan: Plan): { steps: EditStep[]; unmapped: string[] } {
  if (plan.unmapped !== undefined) return { steps: [...plan.steps], unmapped: [...plan.unmapped] };
  const planned = plan.steps.length > 0 ? { steps: [...plan.steps], unmapped: [] } : planEdit(plan.prompt);
  return withParamSteps(planned, plan.params);
}

const quoted = (text: string, locale: Locale) => (locale === 'zh' ? `“${text}”` : `"${text}"`);

const SKIP_REASON: Record<EditSkipReason, Record<Locale, string>> = {
  needs_mask: { en: 'needs object masks, not installed yet', zh: '需要物体分割，尚未安装' },
  target_not_found: { en: 'not found in the picture', zh: '图中没有找到' },
  unsupported: { en: 'not available yet', zh: '尚不支持' },
  needs_images: { en: 'needs two or more images', zh: '需要两张或更多图片' },
};

/** A program of only multi-image steps, given too few images: the sentence that says what to send. */
function tooFewImages(steps: readonly EditStep[], given: number, locale: Locale): string | undefined {
  if (steps.length === 0 || !steps.every((s) => MULTI_IMAGE_OPS.has(s.op))) return undefined;
  const first = steps[0]!;
  if (steps.every((s) => s.op === 'before-after')) return given >= 2 ? undefined : t('editBeforeAfterAlone', locale);
  const count = first.op === 'background-from' ? Math.max(2, first.index) : 2;
  if (given >= count) return undefined;
  return t('editNeedsImages', locale, { what: describeStep(first, locale), count, got: given });
}

/** The edit runner's `meta.steps`, checked: one outcome per step sent. */
function stepOutcomes(meta: EditTaskMeta | undefined, count: number): EditStepOutcome[] {
  const value: unknown = meta?.steps;
  const valid =
    Array.isArray(value) &&
    value.length === count &&
    value.every(
      (o: unknown) =>
        typeof o === 'object' &&
        o !== null &&
        ((o as { status?: unknown }).status === 'done' ||
          ((o as { status?: unknown }).status === 'skipped' &&
            (EDIT_SKIP_REASONS as readonly unknown[]).includes((o as { reason?: unknown }).reason))),
    );
  if (!valid) throw new Error(`the edit runner reported no outcome for each of the ${count} steps`);
  return value as EditStepOutcome[];
}

/**
 * Edits the first input image (the replied-to image when iterating) by a program
 * of steps. The steps run in the inference worker; each intermediate image is
 * shown as a preview. The reply lists what was done and what could not be, in
 * the plan's language.
 */
export function createEditTask(options: EditTaskOptions = {}): TaskHandler {
  return {
    needsImage: true,
    async run(ctx: TaskContext): Promise<TaskOutput> {
      if (!hasInput(ctx)) throw new Error('edit task started without an image');
      const { locale } = ctx.plan;
      const { steps, unmapped } = editProgram(ctx.plan);
      const notDone = unmapped.map((text) => quoted(text, locale));
      const nothingToDo = () => {
        const what = notDone.length > 0 ? notDone.join(locale === 'zh' ? '；' : '; ') : quoted(ctx.plan.prompt, locale);
        return new ScanlineError('edit_unmapped', { what });
      };
      if (steps.length === 0) throw nothingToDo();
      const given = ctx.files?.length ?? ctx.images.length;
      const tooFew = tooFewImages(steps, given, locale);
      if (tooFew) throw new ScanlineError('usage', { detail: tooFew });

      // The engine takes the pixels by transfer (or decodes the file); the pipeline does not need them again.
      const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-edit'] };
      const result = await ctx.engine.run(
        'edit',
        { ...engineInputs(ctx, finals, imagesRead(steps, given)), options: { steps, masks: options.masks ?? true } },
        {
          signal: ctx.signal,
          // One report per step (and per upscale tile); the last share of the bar is the encode.
          onProgress: (p) => ctx.progress({ ...p, fraction: (p.fraction * steps.length) / (steps.length + 1) }),
        },
      );
      if (!result.files?.length && !result.images?.length) throw new Error('the edit runner returned no image');
      const outcomes = stepOutcomes(result.meta, steps.length);

      const done: string[] = [];
      const rough: RoughStep[] = [];
      const found: string[] = [];
      const emojiDropped: string[] = [];
      const packErrors = new Map<string, string>();
      let notFound: string | undefined;
      for (const [i, step] of steps.entries()) {
        const outcome = outcomes[i]!;
        if (outcome.status === 'done') {
          // Where an aspect crop was placed, or how an enlargement was made (ESRGAN, or Lanczos and why).
          const placed =
            outcome.subject !== undefined
              ? cropPlacement(outcome.subject, locale)
              : outcome.upscale && upscaleMethod(outcome.upscale, locale);
          const what = describeStep(step, locale);
          done.push(placed === undefined ? what : locale === 'zh' ? `${what}（${placed}）` : `${what} (${placed})`);
          if (outcome.mask?.quality === 'rough')
            rough.push({
              what,
              reasons: outcome.mask.reasons ?? [],
              ...(outcome.mask.pull !== undefined ? { pull: outcome.mask.pull } : {}),
            });
          emojiDropped.push(...(outcome.emojiDropped ?? []));
          if (outcome.mask?.packError) packErrors.set(outcome.mask.packError.pack, outcome.mask.packError.error);
          if (outcome.mask?.found)
            found.push(foundNote(outcome.mask.found, step.op === 'recolor' ? step.target : '', locale));
          continue;
        }
        if (outcome.reason === 'target_not_found' && step.op === 'recolor') notFound ??= step.target;
        const what = quoted(describeStep(step, locale), locale);
        const reason = SKIP_REASON[outcome.reason][locale];
        notDone.push(locale === 'zh' ? `${what}（${reason}）` : `${what} (${reason})`);
      }
      if (done.length === 0) {
        // Nothing changed: a missing object has the more helpful sentence (what I can find).
        throw notFound !== undefined ? new ScanlineError('target_not_found', { target: notFound }) : nothingToDo();
      }

      ctx.signal.throwIfAborted();
      const started = performance.now();
      const images = (await finalImages(result, finals)).slice(0, 1);
      const { total: engineMs, ...stepMs } = result.timingsMs;
      return {
        images,
        notes: [
          ...summarizeEdits(done, notDone, locale, rough),
          ...found,
          ...[...packErrors].map(([pack, error]) => t('maskPackFailed', locale, { pack, error })),
          ...(emojiDropped.length > 0 ? [t('emojiDropped', locale, { emoji: emojiDropped.join(' ') })] : []),
        ],
        timingsMs: { ...stepMs, engine: engineMs ?? 0, encode: stepMs['encode'] ?? performance.now() - started },
      };
    },
  };
}

/** The first `count` inputs for the engine, in upload order (the replied-to image first). */
/** The edit task as the pipeline registers it: masks from the worker's detector and GrabCut. */
export const editTask: TaskHandler = createEditTask();
