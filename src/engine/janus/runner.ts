// The Janus task runners ('generate' and 'understand') for the inference
// worker. Both use one loaded pack: sessions are opened once and shared.
import { ScanlineError } from '../../common/errors.js';
import type { InstalledPack, TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, EngineTask } from '../types.js';
import { planarToRgb } from './decoded-image.js';
import { generateImage } from './generate.js';
import { readGenerateOptions, readUnderstandOptions } from './janus-options.js';
import { loadJanusModel, type JanusModel } from './janus-model.js';
import { answerQuestion } from './understand.js';

/** The pack users are told to pull when no Janus pack is installed. */
export const JANUS_PACK = 'janus-pro-1b';

/** Facts about a generation the pipeline reports back (seed to reproduce, previews, crop). */
export interface JanusGenerateMeta {
  seed: number;
  seedWasRandom: boolean;
  previews: number;
  imageTokens: number;
  /** Side of the square the model drew; the result is a centered crop of it when an aspect was asked. */
  squareSize: number;
  aspectCropped: boolean;
  pack: string;
  /** True for the random-weight test packs that ship in the repo (they draw noise). */
  testPack: boolean;
}

export interface JanusUnderstandMeta {
  tokens: number;
  stop: 'eos' | 'length';
  pack: string;
  testPack: boolean;
}

export type JanusGenerateResult = EngineResult & { meta: JanusGenerateMeta };
export type JanusUnderstandResult = EngineResult & { meta: JanusUnderstandMeta };

/** Random-weight packs made by scripts/make-tiny-janus.py are named janus-tiny*. */
export function isTestPack(pack: InstalledPack): boolean {
  return pack.manifest.name.startsWith('janus-tiny');
}

interface Loaded {
  model: JanusModel;
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

/** Both Janus runners over one shared model cache (one entry per pack folder). */
export function createJanusRunners(): TaskRunner[] {
  const loaded = new Map<string, Promise<Loaded>>();

  async function modelFor(task: EngineTask, ctx: TaskContext): Promise<{ pack: InstalledPack; entry: Loaded }> {
    const pack = ctx.packs.find(task);
    if (!pack) throw new ScanlineError('model_missing', { task, pack: JANUS_PACK });
    let entry = loaded.get(pack.dir);
    if (!entry) {
      const loading = loadJanusModel(pack, ctx.sessions).then((model) => ({ model }));
      loaded.set(pack.dir, loading);
      // A failed load is not cached: the next call tries again.
      loading.catch(() => {
        if (loaded.get(pack.dir) === loading) loaded.delete(pack.dir);
      });
      entry = loading;
    }
    return { pack, entry: await entry };
  }

  async function release(): Promise<void> {
    const entries = [...loaded.values()];
    loaded.clear();
    await Promise.all(
      entries.map(async (p) => {
        const entry = await p.catch(() => undefined);
        await entry?.model.release();
      }),
    );
  }

  const generate: TaskRunner = {
    task: 'generate',
    async run(inputs: EngineInputs, ctx: TaskContext): Promise<JanusGenerateResult> {
      const prompt = inputs.prompt?.trim() ?? '';
      const opts = readGenerateOptions(inputs.options);
      const { pack, entry } = await modelFor('generate', ctx);
      const { model } = entry;
      if (entry.decodeEstimateMs === undefined) entry.decodeEstimateMs = await measurePreviewCost(model);
      ctx.throwIfAborted();
      const outcome = await generateImage(model, prompt, opts, ctx, entry.decodeEstimateMs);
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
        },
      };
    },
    dispose: release,
  };

  const understand: TaskRunner = {
    task: 'understand',
    async run(inputs: EngineInputs, ctx: TaskContext): Promise<JanusUnderstandResult> {
      const image = inputs.images[0];
      if (!image) throw new ScanlineError('image_missing');
      const opts = readUnderstandOptions(inputs.options);
      const { pack, entry } = await modelFor('understand', ctx);
      const outcome = await answerQuestion(entry.model, image, inputs.prompt ?? '', opts, ctx);
      return {
        text: outcome.text,
        timingsMs: outcome.timingsMs,
        meta: { tokens: outcome.tokens, stop: outcome.stop, pack: pack.manifest.name, testPack: isTestPack(pack) },
      };
    },
    dispose: release,
  };

  return [generate, understand];
}
