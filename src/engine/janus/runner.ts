// The Janus task runners ('generate' and 'understand') for the inference
// worker. Both use one loaded pack: sessions are opened once and shared, and
// so is its batch loop, where concurrent calls run together step by step.
import { requireImage } from '../require-image.js';
import { requirePack } from '../require-pack.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult } from '../types.js';
import { BatchLoop } from './batch-loop.js';
import { planarToRgb } from './decoded-image.js';
import { generateImage } from './generate.js';
import { readGenerateOptions, readUnderstandOptions } from './janus-options.js';
import { loadJanusModel, type JanusModel } from './janus-model.js';
import { answerQuestion } from './understand.js';

/** The pack users are told to pull when no Janus pack is installed. */
export const JANUS_PACK = 'janus-pro-1b';
export const JANUS_ARCHITECTURE = 'janus';

/** Random-weight packs made by scripts/make-tiny-janus.py are named janus-tiny*. */
export function isTestPack(pack: InstalledPack): boolean {
  return pack.manifest.name.startsWith('janus-tiny');
}

interface Loaded {
  model: JanusModel;
  loop: BatchLoop;
  /** Measured cost of one image decode, for the preview budget; set on first generation. */
  decodeEstimateMs?: number;
}

/**
 * What one preview costs (decode + pixel conversion), measured before the first
 * generation so the preview budget holds from the first row. The first call
 * pays one-time allocation and compilation costs, so the second is kept.
 */
async function measurePreviewCost(model: JanusModel): Promise<number> {
  const tokens = new Array<number>(model.config.numImageTokens).fill(0);
  let ms = 0;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    planarToRgb(await model.decode(tokens), model.imageSize, model.imageSize);
    ms = performance.now() - t;
  }
  return ms;
}

/** Both Janus runners over one shared model cache (one entry per pack folder: each task may prefer its own). */
export function createJanusRunners(): [TaskRunner<'generate'>, TaskRunner<'understand'>] {
  const cache = new SessionCache<Loaded>({ release: (entry) => entry.model.release(), max: 2 });

  async function modelFor(
    task: 'generate' | 'understand',
    ctx: TaskContext,
  ): Promise<{ pack: InstalledPack; entry: Loaded }> {
    const pack = requirePack(ctx.packs, task, JANUS_ARCHITECTURE, JANUS_PACK);
    const entry = await cache.get(pack.dir, async () => {
      const model = await loadJanusModel(pack, ctx.sessions);
      return { model, loop: new BatchLoop(model, { maxCacheBytes: ctx.batchCacheBytes }) };
    });
    return { pack, entry };
  }

  const release = (): Promise<void> => cache.dispose();

  const generate: TaskRunner<'generate'> = {
    task: 'generate',
    architecture: JANUS_ARCHITECTURE,
    batching: true,
    async run(inputs: EngineInputs<'generate'>, ctx: TaskContext): Promise<EngineResult<'generate'>> {
      const prompt = inputs.prompt?.trim() ?? '';
      const opts = readGenerateOptions(inputs.options);
      const { pack, entry } = await modelFor('generate', ctx);
      const { model } = entry;
      if (entry.decodeEstimateMs === undefined) entry.decodeEstimateMs = await measurePreviewCost(model);
      ctx.throwIfAborted();
      const outcome = await generateImage(model, prompt, opts, ctx, entry.decodeEstimateMs, entry.loop);
      // The estimate follows the real cost: the last drawing's previews, or a new measurement when an
      // estimate taken under a passing load left no room for any (else previews would stay off for good).
      if (outcome.previews > 0) entry.decodeEstimateMs = (outcome.timingsMs.previews ?? 0) / outcome.previews;
      else if (opts.previews) entry.decodeEstimateMs = undefined;
      return {
        images: [outcome.image],
        timingsMs: outcome.timingsMs,
        meta: {
          seed: opts.seed,
          seedWasRandom: opts.seedWasRandom,
          previews: outcome.previews,
          imageTokens: outcome.tokens.length,
          squareSize: model.imageSize,
          aspectCropped: outcome.image.width !== outcome.image.height,
          pack: pack.manifest.name,
          testPack: isTestPack(pack),
          batchPeak: outcome.batchPeak,
        },
      };
    },
    dispose: release,
  };

  const understand: TaskRunner<'understand'> = {
    task: 'understand',
    architecture: JANUS_ARCHITECTURE,
    batching: true,
    async run(inputs: EngineInputs<'understand'>, ctx: TaskContext): Promise<EngineResult<'understand'>> {
      const image = requireImage(inputs);
      const opts = readUnderstandOptions(inputs.options);
      const { pack, entry } = await modelFor('understand', ctx);
      const outcome = await answerQuestion(entry.model, image, inputs.prompt ?? '', opts, ctx, entry.loop);
      return {
        text: outcome.text,
        timingsMs: outcome.timingsMs,
        meta: {
          tokens: outcome.tokens,
          stop: outcome.stop,
          pack: pack.manifest.name,
          testPack: isTestPack(pack),
          realPack: JANUS_PACK,
          batchPeak: outcome.batchPeak,
        },
      };
    },
    dispose: release,
  };

  return [generate, understand];
}
