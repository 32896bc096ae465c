import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import { Engine } from '../../engine/index.js';
import type {
  EngineInputs,
  EngineProgress,
  EngineResult,
  EngineTask,
  RawImage,
  RunOptions,
} from '../../engine/types.js';
import type { AspectRatio, EncodedImage, Plan } from '../types.js';
import { posterTask } from './poster-task.js';
import type { EngineClient, TaskContext } from './task-handler.js';

const SPRING = 'make a poster that says 春季骑行节 Spring Ride Festival';

function plan(prompt: string, aspect?: AspectRatio, partial: Partial<Plan> = {}): Plan {
  return { task: 'poster', prompt, steps: [], params: aspect ? { aspect } : {}, locale: 'en', hints: [], ...partial };
}

function context(p: Plan, engine: EngineClient, progress: EngineProgress[] = []): TaskContext {
  return {
    plan: p,
    images: [],
    engine,
    signal: new AbortController().signal,
    progress: (u) => progress.push(u),
    maxFileBytes: 8 * 1024 * 1024,
  };
}

async function decode(image: EncodedImage): Promise<RawImage> {
  const { data, info } = await sharp(image.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

/** An engine whose 'generate' answers with a stripy image and the given pack facts (or throws). */
function fakeGenerate(outcome: { pack: string; testPack: boolean } | Error) {
  const calls: { task: EngineTask; inputs: EngineInputs }[] = [];
  const engine: EngineClient = {
    async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts?: RunOptions): Promise<EngineResult<T>> {
      calls.push({ task, inputs });
      if (outcome instanceof Error) throw outcome;
      opts?.onProgress?.({ fraction: 0.5 });
      const side = 96;
      const data = new Uint8Array(side * side * 3);
      for (let i = 0; i < side * side; i += 1) data.fill(((i % side) >> 3) % 2 ? 250 : 10, i * 3, i * 3 + 3);
      return {
        images: [{ data, width: side, height: side, channels: 3 }],
        timingsMs: { total: 5 },
        meta: {
          seed: 1,
          seedWasRandom: false,
          previews: 0,
          imageTokens: 576,
          squareSize: side,
          aspectCropped: false,
          ...outcome,
        },
      };
    },
  };
  return { engine, calls };
}

describe('poster task (engine faked)', () => {
  it('uses the generated background when the pack is real', async () => {
    const { engine, calls } = fakeGenerate({ pack: 'janus-pro-1b', testPack: false });
    const progress: EngineProgress[] = [];
    const out = await posterTask.run(
      context(plan(SPRING, undefined, { params: { aspect: { w: 1, h: 1 }, seed: 5 } }), engine, progress),
    );
    expect(calls[0]?.task).toBe('generate');
    expect(calls[0]?.inputs.prompt).toMatch(/Spring Ride Festival/);
    expect(calls[0]?.inputs.prompt).toMatch(/no text/);
    expect(calls[0]?.inputs.options).toMatchObject({ seed: 5 });
    expect(out.images[0]).toMatchObject({ mime: 'image/png', width: 1600, height: 1600 });
    expect(out.notes).toEqual(['Seed 5: add --seed 5 to get this design again.']);
    // Progress: the model's fraction, then the background, then the poster with text.
    const frames = progress.filter((p) => p.image);
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => f.image!.width === 1600 && f.image!.height === 1600)).toBe(true);
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b));
    // The stripes still show along the top edge (the picture is used, not replaced by a plain design).
    const final = await decode(out.images[0]!);
    const topRow = final.data.subarray(0, 1600 * 3);
    expect(Math.max(...topRow) - Math.min(...topRow)).toBeGreaterThan(150);
  });

  it('falls back to a plain design and says so with the tiny test pack', async () => {
    const { engine } = fakeGenerate({ pack: 'janus-tiny', testPack: true });
    const out = await posterTask.run(context(plan(SPRING, undefined, { locale: 'zh' }), engine));
    expect(out.images[0]).toMatchObject({ width: 1200, height: 1600 });
    expect(out.notes?.join(' ')).toContain('janus-tiny');
    expect(out.notes?.join(' ')).toContain('噪点');
  });

  it('falls back to a plain design when no image model is installed', async () => {
    const { engine } = fakeGenerate(new ScanlineError('model_missing', { task: 'generate', pack: 'janus-pro-1b' }));
    const out = await posterTask.run(context(plan(SPRING), engine));
    expect(out.images).toHaveLength(1);
    expect(out.notes?.join(' ')).toContain('no image model is installed');
  });

  it('says in the reply which asked-for style it has no look for, in the reply language', async () => {
    const { engine } = fakeGenerate({ pack: 'janus-tiny', testPack: true });
    const en = await posterTask.run(context(plan('poster that says Open Studio in a steampunk style'), engine));
    expect(en.notes?.join(' ')).toMatch(/'steampunk' look yet, so it was not used/);
    const zh = await posterTask.run(
      context(plan('做一张水墨风的海报，写着茶话会', undefined, { locale: 'zh' }), engine),
    );
    expect(zh.notes?.join(' ')).toContain('“水墨”风格，未采用');
    const known = await posterTask.run(context(plan('make a poster that says Harvest Fair, autumn style'), engine));
    expect(known.notes?.join(' ')).not.toMatch(/not used/);
  });

  it('names the emoji it could not draw (flags) instead of drawing boxes', async () => {
    const { engine } = fakeGenerate({ pack: 'janus-tiny', testPack: true });
    const en = await posterTask.run(context(plan('make a poster that says Go Team 🎉 🇨🇭'), engine));
    expect(en.notes).toContain('I could not draw these emoji, so they were left out: 🇨🇭');
    const zh = await posterTask.run(context(plan('海报：加油 🇨🇭', undefined, { locale: 'zh' }), engine));
    expect(zh.notes).toContain('这些表情暂时画不出来，已省略：🇨🇭');
  });

  it('asks what to write when the instruction has no text', async () => {
    const { engine } = fakeGenerate({ pack: 'janus-tiny', testPack: true });
    await expect(posterTask.run(context(plan('make a poster'), engine))).rejects.toMatchObject({
      code: 'poster_text_missing',
    });
  });
});

describe('poster task with the real engine and OCR', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] }, () => undefined);
  });
  afterAll(async () => {
    await engine?.close();
  });

  const squash = (s: string) => s.replace(/\s+/g, '');

  async function renderAndRead(aspect?: AspectRatio): Promise<{ image: RawImage; text: string; boxes: number[][] }> {
    const out = await posterTask.run(context(plan(SPRING, aspect, aspect ? { params: { aspect } } : {}), engine));
    const image = await decode(out.images[0]!);
    // The engine takes the pixels by transfer: OCR reads a copy.
    const result = await engine.run('ocr', { images: [{ ...image, data: image.data.slice() }] });
    return { image, text: result.text ?? '', boxes: (result.regions ?? []).map((r) => r.box) };
  }

  it('renders every glyph of a Chinese + English poster: OCR reads 春季骑行节 and Spring Ride Festival', async () => {
    const { image, text } = await renderAndRead();
    expect([image.width, image.height]).toEqual([1200, 1600]);
    expect(squash(text)).toContain('春季骑行节');
    expect(squash(text)).toContain('SpringRideFestival');
  });

  it.each([
    [{ w: 1, h: 3 }, 533, 1600],
    [{ w: 1, h: 1 }, 1600, 1600],
    [{ w: 4, h: 1 }, 1600, 400],
  ])('aspect %o: %ix%i with all text inside the canvas', async (aspect, width, height) => {
    const { image, text, boxes } = await renderAndRead(aspect);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(squash(text)).toContain('春季骑行节');
    expect(squash(text)).toContain('SpringRideFestival');
    // Every line OCR found sits inside the canvas, clear of its edges.
    const edge = Math.min(width, height) * 0.02;
    for (const [x1, y1, x2, y2] of boxes) {
      expect(x1).toBeGreaterThan(edge);
      expect(y1).toBeGreaterThan(edge);
      expect(x2).toBeLessThan(width - edge);
      expect(y2).toBeLessThan(height - edge);
    }
  });

  it('breaks Chinese lines between words only: OCR finds every word whole on one line (issue 12)', async () => {
    const prompt = '做一张海报，写着周末读书会每周六下午在市图书馆举行 欢迎大家带上喜欢的书，要有秋天的感觉';
    const aspect = { w: 1, h: 3 };
    const out = await posterTask.run(context(plan(prompt, aspect, { locale: 'zh', params: { aspect } }), engine));
    const image = await decode(out.images[0]!);
    const result = await engine.run('ocr', { images: [{ ...image, data: image.data.slice() }] });
    const lines = (result.regions ?? []).map((r) => squash(r.label));
    const all = lines.join('');
    for (const word of ['周末', '读书会', '每周六', '下午', '图书馆', '举行', '欢迎', '大家', '喜欢']) {
      if (all.includes(word)) expect(lines.some((l) => l.includes(word))).toBe(true);
    }
    expect(all).toContain('读书会');
    expect(all).toContain('图书馆');
    // The style words are no text on the poster, and nothing says the style was not used.
    expect(all).not.toContain('秋天');
    expect(out.notes?.join(' ')).not.toContain('未采用');
  });
});
