// The `edit` task runner: an edit program (EditStep[]) applied in order to one
// image, in the inference worker so the pixel loops never hold the main thread.
//
// Inputs: images[0]; options.steps (EditStep[]); options.masks (default true:
// false reports mask steps as `needs_mask`). Result: images[0] the edited
// image; meta.steps one EditStepOutcome per step, in order; timingsMs per step
// (`step<N>_<op>`) and total. Progress: once per step, with the image as it
// stands after a step that ran (at most EDIT_PREVIEW_SIDE on its long side).
import type { EditStepOutcome } from '../../common/edit-step.js';
import { isScanlineError } from '../../common/errors.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, RawImage } from '../types.js';
import { shrinkTo } from './raw.js';
import { createSegmentRunner } from '../vision/segment-runner.js';
import { runStep, stepBlocker } from './run-step.js';
import { segmentMasks, type MaskSource } from './segment-masks.js';
import { parseEditSteps } from './step-schema.js';

export interface EditRunnerOptions {
  /** Where mask steps get their masks; default: a segment runner of the edit runner's own. */
  masks?: MaskSource;
}

export function createEditRunner(opts: EditRunnerOptions = {}): TaskRunner {
  // Only built when no source was given, and then released with this runner.
  const ownSegment = opts.masks ? undefined : createSegmentRunner();
  const masks = opts.masks ?? segmentMasks(ownSegment!);

  return {
    task: 'edit',
    async run(inputs: EngineInputs, ctx: TaskContext): Promise<EngineResult> {
      const started = performance.now();
      const input = inputs.images[0];
      if (!input) throw new Error('edit needs one image');
      const steps = parseEditSteps(inputs.options?.['steps']);
      const withMasks = inputs.options?.['masks'] !== false;
      const maskProvider = withMasks ? masks(ctx) : undefined;
      const outcomes: EditStepOutcome[] = [];
      const timingsMs: Record<string, number> = {};
      let image = input;

      for (const [i, step] of steps.entries()) {
        ctx.throwIfAborted();
        const t = performance.now();
        let outcome: EditStepOutcome;
        const blocker = stepBlocker(step, withMasks);
        if (blocker) {
          outcome = { status: 'skipped', reason: blocker, ms: 0 };
        } else {
          try {
            image = await runStep(image, step, {
              throwIfAborted: () => ctx.throwIfAborted(),
              ...(maskProvider ? { maskProvider } : {}),
            });
            outcome = { status: 'done', ms: performance.now() - t };
          } catch (error) {
            const reason = skipReason(error);
            if (!reason) throw error;
            outcome = { status: 'skipped', reason, ms: performance.now() - t };
          }
        }
        outcomes.push(outcome);
        timingsMs[`step${i + 1}_${step.op}`] = outcome.ms;
        ctx.progress({
          fraction: (i + 1) / steps.length,
          ...(outcome.status === 'done' ? { image: await preview(image) } : {}),
        });
      }
      ctx.throwIfAborted();
      return {
        images: [image],
        meta: { steps: outcomes },
        timingsMs: { ...timingsMs, total: performance.now() - started },
      };
    },
    async dispose() {
      await ownSegment?.dispose?.();
    },
  };
}

/**
 * Long side of the progress images: previews are encoded at 512 px at most
 * (DEFAULT_PREVIEW_SIDE), so a 4096² step posts 0.8 MB, not a 50 MB copy.
 */
export const EDIT_PREVIEW_SIDE = 512;

/** The image for a progress event, in a buffer of its own: sharp's buffers cannot be transferred, only cloned. */
async function preview(image: RawImage): Promise<RawImage> {
  const small = await shrinkTo(image, EDIT_PREVIEW_SIDE);
  return { ...small, data: new Uint8Array(small.data) };
}

/** Mask failures a user can meet become a skipped step; anything else fails the job. */
function skipReason(error: unknown): 'needs_mask' | 'target_not_found' | undefined {
  if (!isScanlineError(error)) return undefined;
  if (error.code === 'target_not_found') return 'target_not_found';
  // The detector's pack is missing: the same as having no masks at all.
  if (error.code === 'model_missing') return 'needs_mask';
  return undefined;
}
