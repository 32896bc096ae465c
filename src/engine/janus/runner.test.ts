import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuSessions, packLookup, testContext } from '../../../test/helpers/ocr-pack.js';
import type { EngineResult, GenerateTaskMeta, GenerateTaskOptions, RawImage, UnderstandTaskMeta } from '../types.js';
import { createJanusRunners } from './runner.js';
import { ALT_PACK_DIR, MAIN_PACK_DIR, countingSessions, janusPack } from '../../../test/helpers/engine/janus-packs.js';

const mainPack = janusPack(MAIN_PACK_DIR);
const runners = createJanusRunners();
const [generate, understand] = runners;
const sessions = cpuSessions(1);

afterAll(async () => {
  await generate.dispose?.();
});

type JanusGenerateResult = EngineResult<'generate'> & { meta: GenerateTaskMeta };
type JanusUnderstandResult = EngineResult<'understand'> & { meta: UnderstandTaskMeta };

function hash(image: RawImage): string {
  return createHash('sha256').update(image.data).digest('hex');
}

async function draw(seed: number | undefined, options: GenerateTaskOptions = {}) {
  const ctx = testContext(packLookup([mainPack]), sessions);
  const result = (await generate.run(
    { images: [], prompt: 'a red fox in snow', options: { ...(seed !== undefined ? { seed } : {}), ...options } },
    ctx,
  )) as JanusGenerateResult;
  return { result, ctx };
}

function photo(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 251;
  return { data, width, height, channels: 3 };
}

describe('Janus generate runner', () => {
  it('draws the same bytes for the same seed and prompt, other bytes for another seed', async () => {
    const a = await draw(3);
    const b = await draw(3);
    const c = await draw(4);
    const image = a.result.images![0]!;
    expect([image.width, image.height, image.channels]).toEqual([128, 128, 3]);
    expect(hash(b.result.images![0]!)).toBe(hash(image));
    expect(hash(c.result.images![0]!)).not.toBe(hash(image));
    expect(a.result.meta).toMatchObject({ seed: 3, seedWasRandom: false, imageTokens: 64, testPack: true });
  });

  it('reports the seed it drew when none was given', async () => {
    const { result } = await draw(undefined);
    expect(result.meta.seedWasRandom).toBe(true);
    const again = await draw(result.meta.seed);
    expect(hash(again.result.images![0]!)).toBe(hash(result.images![0]!));
  });

  it('posts scanline previews, each taller than the one before and cut at a token row', async () => {
    // Previews get a timed budget (15% of the drawing's wall time, pacing tested on numbers in
    // preview-schedule.test.ts): on a loaded machine a 64-token drawing may have room for none, so
    // this draws again (a few times at most) until one does; the geometry below is checked on every frame.
    let drawn = await draw(5);
    for (let tries = 1; tries < 4 && drawn.result.meta.previews === 0; tries++) drawn = await draw(5);
    const { result, ctx } = drawn;
    const frames = ctx.progressLog.filter((p) => p.image).map((p) => p.image!);
    expect(frames.length).toBe(result.meta.previews);
    expect(frames.length, 'previews in 4 drawings').toBeGreaterThan(0);
    const heights = frames.map((f) => f.height);
    heights.forEach((h, i) => {
      expect(h % 16).toBe(0);
      expect(h).toBeLessThan(128);
      if (i > 0) expect(h).toBeGreaterThan(heights[i - 1]!);
    });
    // The tiny decoder reaches two token rows around each token: rows further above a preview's edge are final.
    const final = result.images![0]!;
    const last = frames[frames.length - 1]!;
    const settled = (last.height - 32) * 128 * 3;
    if (settled > 0) {
      expect(
        Buffer.compare(Buffer.from(last.data.subarray(0, settled)), Buffer.from(final.data.subarray(0, settled))),
      ).toBe(0);
    }
    for (const key of ['prefill', 'tokens', 'decode', 'previews', 'total']) {
      expect(result.timingsMs[key]).toBeGreaterThanOrEqual(0);
    }
  });

  it('crops the square to the asked aspect ratio', async () => {
    const { result, ctx } = await draw(3, { aspect: { w: 16, h: 9 } });
    const image = result.images![0]!;
    expect([image.width, image.height]).toEqual([128, 72]);
    expect(result.meta.aspectCropped).toBe(true);
    const square = (await draw(3)).result.images![0]!;
    // The crop is the square's centre band: rows 28..99.
    expect(
      Buffer.compare(Buffer.from(image.data), Buffer.from(square.data.subarray(28 * 128 * 3, 100 * 128 * 3))),
    ).toBe(0);
    for (const frame of ctx.progressLog.filter((p) => p.image)) expect(frame.image!.width).toBe(128);
  });

  it('stops within one step when cancelled mid-generation', async () => {
    const counting = countingSessions(sessions);
    const [gen] = createJanusRunners();
    const ctx = testContext(packLookup([mainPack]), counting);
    let steps = 0;
    let stepsAtAbort = -1;
    const throwIfAborted = ctx.throwIfAborted;
    ctx.throwIfAborted = () => {
      steps = counting.runs.get('language_model.onnx') ?? 0;
      if (steps === 20 && stepsAtAbort < 0) {
        stepsAtAbort = steps;
        ctx.abort();
      }
      throwIfAborted();
    };
    await expect(gen.run({ images: [], prompt: 'a fox', options: { seed: 1 } }, ctx)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(stepsAtAbort).toBe(20);
    expect(counting.runs.get('language_model.onnx')).toBe(20);
    expect(counting.runs.get('language_model.onnx')).toBeLessThan(64);
    await gen.dispose?.();
  });

  it('answers model_missing with the pack to pull when no pack serves the task', async () => {
    const ctx = testContext(packLookup([]), sessions);
    await expect(generate.run({ images: [], prompt: 'x' }, ctx)).rejects.toMatchObject({
      code: 'model_missing',
      params: { task: 'generate', pack: 'janus-pro-1b' },
    });
  });
});

describe('Janus understand runner', () => {
  it('answers a question about an image with text, streamed as progress', async () => {
    const ctx = testContext(packLookup([mainPack]), sessions);
    const result = (await understand.run(
      { images: [photo(100, 60)], prompt: 'what is in this picture?', options: { maxNewTokens: 12 } },
      ctx,
    )) as JanusUnderstandResult;
    expect(typeof result.text).toBe('string');
    expect(result.meta.tokens).toBeGreaterThan(0);
    expect(result.meta.tokens).toBeLessThanOrEqual(12);
    const texts = ctx.progressLog.filter((p) => p.text !== undefined).map((p) => p.text!);
    expect(texts.length).toBeGreaterThan(0);
    expect(result.text).toBe(texts[texts.length - 1]!.trim());
  });

  it('takes Chinese questions and is deterministic when greedy', async () => {
    const ask = async () =>
      (
        await understand.run(
          { images: [photo(50, 80)], prompt: '这张图片里有什么？', options: { maxNewTokens: 8 } },
          testContext(packLookup([mainPack]), sessions),
        )
      ).text;
    expect(await ask()).toBe(await ask());
  });

  it('needs an image', async () => {
    await expect(
      understand.run({ images: [], prompt: 'what is this?' }, testContext(packLookup([mainPack]), sessions)),
    ).rejects.toMatchObject({ code: 'image_missing' });
  });
});

describe('a Janus pack with other dimensions', () => {
  it('loads and generates with no code change', async () => {
    const alt = janusPack(ALT_PACK_DIR);
    const [gen, und] = createJanusRunners();
    const ctx = testContext(packLookup([alt]), sessions);
    const result = (await gen.run({ images: [], prompt: 'a fox', options: { seed: 2 } }, ctx)) as JanusGenerateResult;
    const image = result.images![0]!;
    expect([image.width, image.height]).toEqual([96, 96]);
    expect(result.meta.imageTokens).toBe(36);
    for (const frame of ctx.progressLog.filter((p) => p.image)) expect(frame.image!.height % 16).toBe(0);
    const answer = await und.run(
      { images: [photo(30, 30)], prompt: 'describe', options: { maxNewTokens: 4 } },
      testContext(packLookup([alt]), sessions),
    );
    expect(typeof answer.text).toBe('string');
    await gen.dispose?.();
  });
});
