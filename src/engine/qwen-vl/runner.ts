// The Qwen-VL task runners ('understand' and 'ground') for the inference worker. Both use one loaded pack.
import { parseQwenBoxes } from '../../common/qwen-boxes.js';
import { requireImage } from '../require-image.js';
import { requirePack } from '../require-pack.js';
import { SessionCache } from '../session-cache.js';
import { EngineInputError } from '../task-inputs.js';
import type { InstalledPack, TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, RawImage, Region } from '../types.js';
import { loadQwenVlModel, providerOf, type QwenVlModel } from './qwen-vl-model.js';

/** The pack users are told to pull when no Qwen-VL pack is installed. */
export const QWEN_VL_PACK = 'qwen2-vl-2b';
export const QWEN_VL_ARCHITECTURE = 'qwen2-vl';
export const DEFAULT_MAX_NEW_TOKENS = { understand: 256, ground: 128 } as const;

/** Random-weight packs made by scripts/make-tiny-qwen2-vl.py are named qwen2-vl-tiny*. */
export function isTestPack(pack: InstalledPack): boolean {
  return pack.manifest.name.startsWith('qwen2-vl-tiny');
}

/** User text without Qwen's control tokens: a typed <|image_pad|> must not ask for another image. */
function plain(text: string): string {
  return text.replace(/<\|[a-z_]+\|>/g, '').trim();
}

/** Qwen2-VL's grounding request: the phrase as an object reference, answered with a box after it. */
export function groundingPrompt(phrase: string): string {
  const clean = plain(phrase);
  return `Find <|object_ref_start|>${clean}<|object_ref_end|> in the image and output its bounding box.`;
}

/** The boxes of a grounding answer as regions of `image`; Qwen states no confidence, so every score is 1. */
export function groundRegions(text: string, phrase: string, image: RawImage): Region[] {
  return parseQwenBoxes(text, { format: 'qwen2-vl', width: image.width, height: image.height }).map((b) => ({
    label: b.label || phrase.trim(),
    score: 1,
    box: b.box,
  }));
}

/** What the reply says about the pack that answered: its name, and what to pull when it is the test pack. */
function packFacts(pack: InstalledPack): { pack: string; testPack: boolean; realPack: string } {
  return { pack: pack.manifest.name, testPack: isTestPack(pack), realPack: QWEN_VL_PACK };
}

export function createQwenVlRunners(): [TaskRunner<'understand'>, TaskRunner<'ground'>] {
  const cache = new SessionCache<QwenVlModel>({ release: (model) => model.release(), max: 1 });

  async function modelFor(task: 'understand' | 'ground', ctx: TaskContext) {
    const pack = requirePack(ctx.packs, task, QWEN_VL_ARCHITECTURE, QWEN_VL_PACK);
    const model = await cache.get(pack.dir, () => loadQwenVlModel(pack, providerOf(ctx)));
    ctx.throwIfAborted();
    return { pack, model };
  }

  const release = (): Promise<void> => cache.dispose();

  const understand: TaskRunner<'understand'> = {
    task: 'understand',
    architecture: QWEN_VL_ARCHITECTURE,
    // Answers asked together run as one batched generate call (qwen-vl-batch.ts).
    batching: true,
    async run(inputs: EngineInputs<'understand'>, ctx: TaskContext): Promise<EngineResult<'understand'>> {
      requireImage(inputs);
      const { pack, model } = await modelFor('understand', ctx);
      // Greedy decoding always: the sampling options are Janus's (the result is the same for any seed).
      const maxNewTokens = inputs.options?.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS.understand;
      const question = plain(inputs.prompt ?? '') || 'Describe this image.';
      const answer = await model.answer(inputs.images, question, { maxNewTokens, keepSpecialTokens: false }, ctx);
      return {
        text: answer.text,
        timingsMs: answer.timingsMs,
        meta: { tokens: answer.tokens, stop: answer.stop, batchPeak: answer.batchRows, ...packFacts(pack) },
      };
    },
    dispose: release,
  };

  const ground: TaskRunner<'ground'> = {
    task: 'ground',
    architecture: QWEN_VL_ARCHITECTURE,
    batching: true,
    async run(inputs: EngineInputs<'ground'>, ctx: TaskContext): Promise<EngineResult<'ground'>> {
      const image = requireImage(inputs);
      const phrase = inputs.prompt?.trim() ?? '';
      // The pipeline always names a target: an empty phrase is the caller's bug, not the user's.
      if (!phrase) throw new EngineInputError("engine.run('ground'): the prompt (the phrase to find) is empty");
      const { pack, model } = await modelFor('ground', ctx);
      const maxNewTokens = inputs.options?.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS.ground;
      // One image: the boxes are in its coordinates.
      const answer = await model.answer(
        [image],
        groundingPrompt(phrase),
        { maxNewTokens, keepSpecialTokens: true },
        ctx,
      );
      return {
        text: answer.text,
        regions: groundRegions(answer.text, phrase, image),
        timingsMs: answer.timingsMs,
        meta: { tokens: answer.tokens, stop: answer.stop, ...packFacts(pack) },
      };
    },
    dispose: release,
  };

  return [understand, ground];
}
