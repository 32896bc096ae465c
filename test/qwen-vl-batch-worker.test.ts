// The inference worker feeds Qwen-VL's batch: answers asked at once run as one generate call (the
// runner is marked batching), each with the text it has when asked alone. Token identity over many
// prompt lengths, per-row limits and cancels are tested on the batcher (qwen-vl-batch.test.ts).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine.js';
import type { EngineOptions, EngineResult, RawImage, UnderstandTaskMeta } from '../src/engine/types.js';

const QWEN_PACK_DIR = fileURLToPath(new URL('../models/qwen2-vl-tiny/', import.meta.url));
const options: EngineOptions = {
  device: 'cpu',
  intraOpThreads: 1,
  spinning: false,
  // The Qwen-VL pack first, so it answers 'understand' before the repo's Janus pack.
  modelsDirs: [QWEN_PACK_DIR],
  batch: { maxJobs: 4, cacheMb: 64 },
};

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.start(options, () => {});
});
afterAll(async () => {
  await engine?.close();
});

type Answer = EngineResult<'understand'> & { meta: UnderstandTaskMeta };

function photo(seed: number): RawImage {
  const data = new Uint8Array(96 * 64 * 3).map((_, i) => (i * seed) % 256);
  return { data, width: 96, height: 64, channels: 3 };
}

/** Same question, same image size: equal prompt lengths, which always share a call. */
const ask = (seed: number): Promise<Answer> =>
  engine.run('understand', {
    images: [photo(seed)],
    prompt: 'What is in this picture?',
    options: { maxNewTokens: 8 },
  }) as Promise<Answer>;

describe('inference worker batching of Qwen-VL answers', () => {
  it('runs answers asked at once in one batched call, each with the text it has alone', async () => {
    const seeds = [13, 17, 19, 23];
    const alone: Answer[] = [];
    for (const seed of seeds) alone.push(await ask(seed));
    expect(alone.map((a) => [a.meta.pack, a.meta.batchPeak])).toEqual(seeds.map(() => ['qwen2-vl-tiny', 1]));
    const together = await Promise.all(seeds.map(ask));
    expect(together.map((a) => a.text)).toEqual(alone.map((a) => a.text));
    expect(Math.max(...together.map((a) => a.meta.batchPeak ?? 1))).toBeGreaterThan(1);
  });
});
