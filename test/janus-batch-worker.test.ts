// The inference worker feeds the Janus batch: concurrent generate calls run
// together up to the batch limit, with the same bytes as one after another,
// and another task waits for the batch to end instead of joining it. (A
// cancel inside a batch is tested on the loop, janus-batch.test.ts: through
// the engine, a tiny-pack drawing ends before the main thread could cancel.)
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine.js';
import type {
  EngineOptions,
  EngineResult,
  GenerateTaskMeta,
  RawImage,
  UnderstandTaskMeta,
} from '../src/engine/types.js';

const options: EngineOptions = {
  device: 'cpu',
  intraOpThreads: 1,
  spinning: false,
  modelsDirs: [],
  batch: { maxJobs: 4, cacheMb: 64 },
};
const PROMPTS = ['a red fox in snow', 'a lighthouse at night', 'rain', 'two cats on a sofa', 'a bowl of soup'];

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start(options, () => {});
});
afterAll(async () => {
  await engine?.close();
});

type Generated = EngineResult<'generate'> & { meta: GenerateTaskMeta };

function draw(i: number, signal?: AbortSignal): Promise<Generated> {
  return engine.run(
    'generate',
    { images: [], prompt: PROMPTS[i]!, options: { seed: 40 + i, previews: i % 2 === 1 } },
    signal ? { signal } : {},
  ) as Promise<Generated>;
}

const hash = (image: RawImage): string => createHash('sha256').update(image.data).digest('hex');

describe('inference worker batching', () => {
  it('runs concurrent generations in one batch, with the bytes they have one after another', async () => {
    const sequential: Generated[] = [];
    for (let i = 0; i < 5; i++) sequential.push(await draw(i));
    expect(sequential.map((r) => r.meta.batchPeak)).toEqual([1, 1, 1, 1, 1]);

    // Five at once with a limit of four: four share the batch, the fifth runs when one leaves.
    const together = await Promise.all([0, 1, 2, 3, 4].map((i) => draw(i)));
    expect(together.map((r) => hash(r.images![0]!))).toEqual(sequential.map((r) => hash(r.images![0]!)));
    expect(Math.max(...together.map((r) => r.meta.batchPeak ?? 0))).toBe(4);
  });

  it('does not mix tasks: an answer asked during a batch of drawings runs alone', async () => {
    const photo: RawImage = { data: new Uint8Array(48 * 32 * 3).fill(90), width: 48, height: 32, channels: 3 };
    const drawings = [0, 1].map((i) => draw(i));
    const answer = engine.run('understand', { images: [photo], prompt: 'What is this?' }) as Promise<
      EngineResult<'understand'> & { meta: UnderstandTaskMeta }
    >;
    const [first, second] = await Promise.all(drawings);
    expect([first!.meta.batchPeak, second!.meta.batchPeak]).toEqual([2, 2]);
    expect((await answer).meta.batchPeak ?? 1).toBe(1);
  });
});
