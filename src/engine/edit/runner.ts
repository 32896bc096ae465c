// The `edit` task runner: an edit program (EditStep[]) applied in order to one
// image, in the inference worker so the pixel loops never hold the main thread.
//
// Inputs: images[0], and the others (upload order) when a step reads several
// (combine, before-after, background-from: imagesRead); options.steps (EditStep[]); options.masks (default true:
// false reports mask steps as `needs_mask`). Result: images[0] the edited
// image; meta.steps one EditStepOutcome per step, in order; timingsMs per step
// (`step<N>_<op>`) and total. Progress: once per step, with the image as it
// stands after a step that ran (at most EDIT_PREVIEW_SIDE on its long side),
// and once per tile of an upscale (the picture so far: finished tiles bright).
import {
  imagesRead,
  MULTI_IMAGE_OPS,
  type EditSkipReason,
  type EditStep,
  type EditStepOutcome,
  type UpscaleNote,
} from '../../common/edit-step.js';
import { isScanlineError } from '../../common/errors.js';
import { requireImage } from '../require-image.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, RawImage } from '../types.js';
import { shrinkTo } from './raw.js';
import { createSegmentRunner } from '../vision/segment-runner.js';
import { runStep, stepBlocker } from './run-step.js';
import type { MaskProvider } from './mask-provider.js';
import { segmentMasks, type MaskSource } from './segment-masks.js';
import { backgroundFrom } from './steps/background-from.js';
import { emojiIn } from './steps/caption-text.js';
import { beforeAfter, combine } from './steps/combine.js';
import { crop } from './steps/crop.js';
import { detectorSubjects, mainSubject, type SubjectFinder, type SubjectSource } from './steps/subject.js';

export interface EditRunnerOptions {
  /** Where mask steps get their masks; default: a segment runner of the edit runner's own. */
  masks?: MaskSource;
  /** Where aspect crops and background-from find the main subject; default: the detector, when installed. */
  subjects?: SubjectSource;
}

export function createEditRunner(opts: EditRunnerOptions = {}): TaskRunner<'edit'> {
  // Only built when no source was given, and then released with this runner.
  const ownSegment = opts.masks ? undefined : createSegmentRunner();
  const masks = opts.masks ?? segmentMasks(ownSegment!);
  const subjectSource = opts.subjects ?? detectorSubjects;

  return {
    task: 'edit',
    async run(inputs: EngineInputs<'edit'>, ctx: TaskContext): Promise<EngineResult<'edit'>> {
      const started = performance.now();
      const input = requireImage(inputs);
      // Checked against the edit schema in the worker (task-inputs.ts): a run always carries steps.
      const steps = inputs.options?.steps ?? [];
      const withMasks = inputs.options?.masks !== false;
      const maskProvider = withMasks ? masks(ctx) : undefined;
      const subjects = subjectSource(ctx);
      const outcomes: EditStepOutcome[] = new Array<EditStepOutcome>(steps.length);
      // Keys in program order, though before-after runs last.
      const timingsMs: Record<string, number> = Object.fromEntries(steps.map((s, i) => [`step${i + 1}_${s.op}`, 0]));
      // Before single-image steps reach a combining one, they apply to every image it will read.
      let images = inputs.images.slice(0, imagesRead(steps, inputs.images.length));
      const stepCtx = { throwIfAborted: () => ctx.throwIfAborted(), ...(maskProvider ? { maskProvider } : {}) };
      // before-after shows the result of the whole rest of the program, so it runs last.
      const order = [...steps.keys()].sort(
        (a, b) => Number(steps[a]!.op === 'before-after') - Number(steps[b]!.op === 'before-after'),
      );
      let ran = 0;
      // Steps that changed pictures, not just laid them out: none means "before and after" compares the inputs.
      let edited = 0;

      for (const [n, i] of order.entries()) {
        const step = steps[i]!;
        ctx.throwIfAborted();
        const t = performance.now();
        let outcome: EditStepOutcome;
        const blocker = MULTI_IMAGE_OPS.has(step.op)
          ? multiBlocker(step, images.length, ran, withMasks)
          : stepBlocker(step, withMasks);
        if (blocker) {
          outcome = { status: 'skipped', reason: blocker, ms: 0 };
        } else {
          try {
            let subject: string | null | undefined;
            let upscaled: UpscaleNote | undefined;
            if (step.op === 'combine') {
              images = [await combine(images, step.layout, step)];
            } else if (step.op === 'before-after') {
              const compare = edited === 0 && inputs.images.length >= 2;
              const [before, after] = compare ? [input, inputs.images[1]!] : [input, images[0]!];
              images = [await beforeAfter(before, after, step)];
            } else if (step.op === 'background-from') {
              images = [await subjectOnto(images, step.index, subjects, maskProvider!, stepCtx)];
            } else if (step.op === 'crop' && step.aspect && !step.box) {
              const next: RawImage[] = [];
              for (const image of images) {
                const regions = await subjects.find(image, stepCtx);
                const found = regions && mainSubject(regions, image.width, image.height);
                // Said only when a detector looked: the label it kept, or null for "none, centred".
                if (regions) subject ??= found?.label ?? null;
                next.push(await crop(image, step, found));
              }
              images = next;
            } else if (step.op === 'scale' && step.factor > 1) {
              // Super-resolution, tile by tile: each tile moves the bar within this step's share and shows the picture.
              const { upscale } = await loadUpscaler();
              const next: RawImage[] = [];
              for (const [k, image] of images.entries()) {
                const done = await upscale(image, step.factor, {
                  packs: ctx.packs,
                  throwIfAborted: () => ctx.throwIfAborted(),
                  previewSide: EDIT_PREVIEW_SIDE,
                  // The picture so far, in a buffer of its own: the worker transfers it away.
                  onTile: (tiles, total, picture) =>
                    ctx.progress({
                      fraction: (n + (k + tiles / total) / images.length) / steps.length,
                      ...(picture ? { image: { ...picture, data: picture.data.slice() } } : {}),
                    }),
                });
                upscaled ??= done.note;
                next.push(done.image);
              }
              images = next;
            } else {
              const next: RawImage[] = [];
              for (const image of images) next.push(await runStep(image, step, stepCtx));
              images = next;
            }
            ran += 1;
            if (step.op !== 'combine') edited += 1;
            const mask = maskProvider?.takeNotes?.();
            const emojiDropped = step.op === 'caption' ? (await emojiIn(step.text)).dropped : [];
            outcome = {
              status: 'done',
              ms: performance.now() - t,
              ...(subject !== undefined ? { subject } : {}),
              ...(upscaled ? { upscale: upscaled } : {}),
              ...(emojiDropped.length > 0 ? { emojiDropped } : {}),
              ...(mask && (mask.quality || mask.found) ? { mask } : {}),
            };
          } catch (error) {
            const reason = skipReason(error);
            if (!reason) throw error;
            maskProvider?.takeNotes?.(); // a skipped step's masks say nothing about the next one
            outcome = { status: 'skipped', reason, ms: performance.now() - t };
          }
        }
        outcomes[i] = outcome;
        timingsMs[`step${i + 1}_${step.op}`] = outcome.ms;
        ctx.progress({
          fraction: (n + 1) / steps.length,
          ...(outcome.status === 'done' ? { image: await preview(images[0]!) } : {}),
        });
      }
      ctx.throwIfAborted();
      return {
        images: [images[0]!],
        meta: { steps: outcomes },
        timingsMs: { ...timingsMs, total: performance.now() - started },
      };
    },
    async dispose() {
      await ownSegment?.dispose?.();
      if (upscaler) await (await upscaler).disposeEsrgans();
    },
  };
}

// tfjs and its layers load on the first upscale, not with the worker.
let upscaler: Promise<typeof import('../upscale/index.js')> | undefined;
const loadUpscaler = () => (upscaler ??= import('../upscale/index.js'));

/** Why a multi-image step cannot run: one image where it takes two, or no masks for the cut-out. */
function multiBlocker(step: EditStep, count: number, ran: number, withMasks: boolean): EditSkipReason | undefined {
  if (step.op === 'before-after') return ran > 0 || count >= 2 ? undefined : 'needs_images';
  if (step.op === 'background-from') {
    if (count < Math.max(2, step.index)) return 'needs_images';
    return withMasks ? undefined : 'needs_mask';
  }
  return count >= 2 ? undefined : 'needs_images';
}

/** The first image other than the backdrop, its main subject cut out onto image `index` (1-based). */
async function subjectOnto(
  images: RawImage[],
  index: number,
  subjects: SubjectFinder,
  masks: MaskProvider,
  ctx: { throwIfAborted(): void },
): Promise<RawImage> {
  const backdrop = images[index - 1]!;
  const source = images.find((_, i) => i !== index - 1)!;
  const regions = await subjects.find(source, ctx);
  const found = regions && mainSubject(regions, source.width, source.height);
  // A detected person or animal is cut out by name (detector + GrabCut); else the salient foreground.
  let mask: Uint8Array;
  try {
    mask = await masks.mask(source, found?.label ?? 'foreground', ctx);
  } catch (error) {
    if (!found || !isScanlineError(error) || error.code !== 'target_not_found') throw error;
    mask = await masks.mask(source, 'foreground', ctx);
  }
  return backgroundFrom(source, mask, backdrop);
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
