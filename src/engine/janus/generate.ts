// Text to image with a Janus pack: classifier-free guidance over a pair of
// rows, seeded sampling, and scanline previews of the finished token rows on a
// budget of the generation's time. The pair runs in the model's batch loop,
// alone or beside other generations: its tokens are the same either way.
import type { TaskContext } from '../task-runner.js';
import type { RawImage } from '../types.js';
import { BatchLoop, type BatchSequence } from './batch-loop.js';
import { aspectBox, crop, finishedPart, planarToRgb } from './decoded-image.js';
import type { GenerateOptions } from './janus-options.js';
import type { JanusModel } from './janus-model.js';
import { PreviewSchedule } from './preview-schedule.js';
import { createRng } from './rng.js';
import { guide, sample } from './sampler.js';
import { fillUnknownRows } from './scanline.js';

/** Largest share of a generation's wall time spent decoding previews. */
export const PREVIEW_SHARE = 0.15;

export interface GenerateOutcome {
  image: RawImage;
  tokens: number[];
  previews: number;
  /** Most jobs in one decode step of its batch (1: it ran alone). */
  batchPeak: number;
  timingsMs: Record<string, number>;
}

/** Lets the worker's message port breathe after a preview was posted. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Generates one image. `loop` is the model's shared batch loop (the runner's);
 * without one, the image is drawn in a loop of its own.
 */
export async function generateImage(
  model: JanusModel,
  prompt: string,
  opts: GenerateOptions,
  ctx: TaskContext,
  decodeEstimateMs: number,
  loop: BatchLoop = new BatchLoop(model),
): Promise<GenerateOutcome> {
  const started = performance.now();
  const { grid, numImageTokens } = model.config;
  const rng = createRng(opts.seed);
  const box = aspectBox(model.imageSize, opts.aspect);
  const schedule = new PreviewSchedule({ maxShare: PREVIEW_SHARE, rows: grid }, decodeEstimateMs);
  const tokens: number[] = [];
  let prefillMs = 0;
  let firstPreviewMs: number | undefined;
  /** Generation time of the current token row: its share of the batch's wall time, its own previews left out. */
  let rowMs = 0;
  let lastAt = started;
  let batchPeak = 1;

  async function preview(rowsDone: number): Promise<void> {
    schedule.addGeneration(rowMs);
    rowMs = 0;
    if (!schedule.shouldPreview(rowsDone)) return;
    const t = performance.now();
    const part = finishedPart(box, rowsDone * model.patch);
    if (part) {
      const frame = planarToRgb(
        await model.decode(fillUnknownRows(tokens, rowsDone, grid)),
        model.imageSize,
        model.imageSize,
      );
      ctx.progress({ fraction: tokens.length / numImageTokens, image: crop(frame, part) });
      firstPreviewMs ??= performance.now() - started;
      await tick();
    }
    schedule.recordPreview(performance.now() - t);
    ctx.throwIfAborted();
  }

  const sequence: BatchSequence = {
    rows: 2,
    head: 'image',
    remaining: () => numImageTokens - tokens.length,
    throwIfAborted: () => ctx.throwIfAborted(),
    async prefill() {
      // As transformers.js' generate_images: the unconditional row is all padding and attends to none of it.
      const cond = model.tokenizer.generationPrompt(prompt);
      const uncond = model.tokenizer.unconditional(cond);
      const embeds = await model.embed({ ids: [cond, uncond] });
      return { embeds, masks: [cond.map(() => 1), uncond.map(() => 0)] };
    },
    async next([condLogits, uncondLogits], jobs) {
      batchPeak = Math.max(batchPeak, jobs);
      const now = performance.now();
      if (tokens.length === 0) {
        prefillMs = now - started;
        schedule.addGeneration(prefillMs);
      } else rowMs += (now - lastAt) / jobs;
      ctx.throwIfAborted();
      const token = sample(guide(condLogits!, uncondLogits!, opts.cfgWeight), opts, rng);
      tokens.push(token);
      ctx.throwIfAborted();
      if (tokens.length === numImageTokens) return undefined;
      const rowsDone = tokens.length / grid;
      if (opts.previews && Number.isInteger(rowsDone)) await preview(rowsDone);
      lastAt = performance.now();
      return [token, token];
    },
  };
  await loop.run(sequence);
  const tokensMs = performance.now() - started - prefillMs - schedule.previewTotalMs;

  const t = performance.now();
  const full = planarToRgb(await model.decode(tokens), model.imageSize, model.imageSize);
  const decodeMs = performance.now() - t;
  return {
    image: box.width === model.imageSize && box.height === model.imageSize ? full : crop(full, box),
    tokens,
    previews: schedule.previews,
    batchPeak,
    timingsMs: {
      prefill: prefillMs,
      tokens: tokensMs,
      decode: decodeMs,
      previews: schedule.previewTotalMs,
      ...(firstPreviewMs !== undefined ? { firstPreview: firstPreviewMs } : {}),
      total: performance.now() - started,
    },
  };
}
