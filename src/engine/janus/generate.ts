// Text to image with a Janus pack: classifier-free guidance over a batch of
// two rows, seeded sampling, KV cache, and scanline previews of the finished
// token rows on a budget of the generation's time.
import type { TaskContext } from '../task-runner.js';
import type { RawImage } from '../types.js';
import { aspectBox, crop, finishedPart, planarToRgb } from './decoded-image.js';
import type { GenerateOptions } from './janus-options.js';
import type { JanusModel } from './janus-model.js';
import { PreviewSchedule } from './preview-schedule.js';
import { createRng } from './rng.js';
import { guide, sample } from './sampler.js';
import { fillUnknownRows } from './scanline.js';
import { logitsRow } from './tensors.js';

/** Largest share of a generation's wall time spent decoding previews. */
export const PREVIEW_SHARE = 0.15;

export interface GenerateOutcome {
  image: RawImage;
  tokens: number[];
  previews: number;
  timingsMs: Record<string, number>;
}

/** Lets the worker's message port breathe after a preview was posted. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function generateImage(
  model: JanusModel,
  prompt: string,
  opts: GenerateOptions,
  ctx: TaskContext,
  decodeEstimateMs: number,
): Promise<GenerateOutcome> {
  const started = performance.now();
  const { grid, numImageTokens } = model.config;
  const rng = createRng(opts.seed);
  const box = aspectBox(model.imageSize, opts.aspect);
  const schedule = new PreviewSchedule({ maxShare: PREVIEW_SHARE, rows: grid }, decodeEstimateMs);

  // As transformers.js' generate_images: the unconditional row is all padding and attends to none of it.
  const cond = model.tokenizer.generationPrompt(prompt);
  const uncond = model.tokenizer.unconditional(cond);
  const embeds = await model.embed({ ids: [cond, uncond] });
  const condMask = cond.map(() => 1);
  const uncondMask = uncond.map(() => 0);
  let step = await model.step(embeds, [condMask, uncondMask], model.emptyCache(2));
  const prefillMs = performance.now() - started;
  schedule.addGeneration(prefillMs);
  ctx.throwIfAborted();

  const tokens: number[] = [];
  let firstPreviewMs: number | undefined;
  let stepStart = performance.now();
  for (let i = 0; i < numImageTokens; i++) {
    const logits = await model.imageLogits(step.hidden);
    const guided = guide(logitsRow(logits, 0), logitsRow(logits, 1), opts.cfgWeight);
    const token = sample(guided, opts, rng);
    tokens.push(token);
    ctx.throwIfAborted();
    if (i === numImageTokens - 1) break;

    const rowsDone = tokens.length / grid;
    if (opts.previews && Number.isInteger(rowsDone)) {
      schedule.addGeneration(performance.now() - stepStart);
      if (schedule.shouldPreview(rowsDone)) {
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
      stepStart = performance.now();
    }

    const next = await model.embedImageTokens([token, token]);
    condMask.push(1);
    uncondMask.push(1);
    step = await model.step(next, [condMask, uncondMask], step.cache);
    ctx.throwIfAborted();
  }
  const tokensMs = performance.now() - started - prefillMs - schedule.previewTotalMs;

  const t = performance.now();
  const full = planarToRgb(await model.decode(tokens), model.imageSize, model.imageSize);
  const decodeMs = performance.now() - t;
  return {
    image: box.width === model.imageSize && box.height === model.imageSize ? full : crop(full, box),
    tokens,
    previews: schedule.previews,
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
