import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/index.js';
import type { EngineProgress, RawImage } from '../../engine/types.js';
import { testPhoto } from '../../../test/helpers/engine/test-photo.js';
import type { EncodedImage, Locale, Plan } from '../types.js';
import { createEditTask, editTask } from './edit-task.js';
import type { EngineClient, TaskContext } from './task-handler.js';
import { EDIT_PREVIEW_SIDE } from '../../engine/edit/runner.js';

let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start({ device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] }, () => undefined);
});
afterAll(async () => {
  await engine?.close();
});

/** The real engine (edits run in its worker), with the tasks asked of it recorded. */
const asked: string[] = [];
const workerEngine: EngineClient = {
  run: (task, inputs, opts) => {
    asked.push(task);
    return engine.run(task, inputs, opts);
  },
};

function plan(prompt: string, locale: Locale = 'en', extra: Partial<Plan> = {}): Plan {
  return { task: 'edit', prompt, steps: [], params: {}, locale, hints: [], ...extra };
}

function context(p: Plan, image: RawImage, signal = new AbortController().signal) {
  const progress: EngineProgress[] = [];
  const ctx: TaskContext = {
    plan: p,
    images: [image],
    engine: workerEngine,
    signal,
    progress: (u) => progress.push(u),
    maxFileBytes: 25 * 1024 * 1024,
  };
  return { ctx, progress };
}

async function decode(image: EncodedImage): Promise<RawImage> {
  const { data, info } = await sharp(image.data).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: info.channels as 3 | 4 };
}

function channelsEqualEverywhere(image: RawImage): boolean {
  for (let j = 0; j < image.data.length; j += image.channels) {
    if (image.data[j] !== image.data[j + 1] || image.data[j] !== image.data[j + 2]) return false;
  }
  return true;
}

describe('editTask', () => {
  it('"make it black and white" gives an image whose three channels are equal everywhere', async () => {
    const input = testPhoto(640, 427);
    expect(channelsEqualEverywhere(input)).toBe(false);
    const { ctx, progress } = context(plan('make it black and white'), input);
    asked.length = 0;
    const out = await editTask.run(ctx);
    expect(asked).toEqual(['edit']);
    expect(out.images).toHaveLength(1);
    expect(out.images[0]?.mime).toBe('image/png');
    const raw = await decode(out.images[0]!);
    expect([raw.width, raw.height]).toEqual([640, 427]);
    expect(channelsEqualEverywhere(raw)).toBe(true);
    expect(out.notes).toEqual(['Done: black and white.']);
    expect(progress).toHaveLength(1);
    expect(progress[0]?.image?.width).toBe(EDIT_PREVIEW_SIDE);
  });

  it("black and white plus the caption 'Hello 你好': grey everywhere, and our own OCR reads the caption back", async () => {
    const input = testPhoto(900, 600);
    const { ctx, progress } = context(plan("make it black and white and add the caption 'Hello 你好'"), input);
    const out = await editTask.run(ctx);
    const raw = await decode(out.images[0]!);
    expect([raw.width, raw.height]).toEqual([900, 600]);
    expect(channelsEqualEverywhere(raw)).toBe(true);
    // One preview per step, each with the image as it stood after that step.
    expect(progress.map((p) => p.fraction)).toEqual([1 / 3, 2 / 3]);
    expect(progress.every((p) => p.image?.width === EDIT_PREVIEW_SIDE)).toBe(true);
    const ocr = await engine.run('ocr', { images: [{ ...raw, data: raw.data.slice() }] });
    expect(ocr.text).toContain('Hello');
    expect(ocr.text).toContain('你好');
    expect(out.notes?.[0]).toBe('Done: black and white, added the caption “Hello 你好”.');
  });

  it('a caption with an emoji the emoji set lacks (a flag) says it was left out', async () => {
    const { ctx } = context(plan("add the caption 'Go team 🎉🇨🇭'"), testPhoto(400, 300));
    const out = await createEditTask({ masks: false }).run(ctx);
    expect(out.notes).toContain('I could not draw these emoji, so they were left out: 🇨🇭');
  });

  it('answers in Chinese and lists what it could not do', async () => {
    const { ctx } = context(plan('把背景换成蓝色，再加上标题“春天”', 'zh'), testPhoto(300, 200));
    const out = await createEditTask({ masks: false }).run(ctx);
    expect(out.notes).toEqual(['已完成：添加文字“春天”。', '暂时还不能：“背景换成蓝色”（需要物体分割，尚未安装）。']);
  });

  it('fails clearly, with examples, when nothing in the instruction maps to an edit', async () => {
    const { ctx } = context(plan('put a hat on the dog'), testPhoto(64, 64));
    asked.length = 0;
    await expect(editTask.run(ctx)).rejects.toMatchObject({ code: 'edit_unmapped' });
    await expect(editTask.run(ctx)).rejects.toThrow(/can't do "put a hat on the dog" yet.*black and white/);
    expect(asked).toEqual([]);
  });

  it('a named object that is not in the picture: the step is listed as not found, the rest is done', async () => {
    const { ctx } = context(plan('make the giraffe blue and make it black and white'), testPhoto(160, 120));
    const out = await editTask.run(ctx);
    expect(out.notes).toEqual([
      'Done: black and white.',
      'I can\'t do "made the giraffe blue" (not found in the picture) yet.',
    ]);
    const alone = context(plan('make the giraffe blue'), testPhoto(160, 120));
    await expect(editTask.run(alone.ctx)).rejects.toMatchObject({
      code: 'target_not_found',
      params: { target: 'giraffe' },
    });
  });

  it("runs the plan's own steps, honours --ar by padding, and stops when cancelled", async () => {
    const p = plan('ignored', 'en', {
      steps: [{ op: 'flip', axis: 'horizontal' }],
      params: { aspect: { w: 1, h: 1 } },
    });
    const { ctx } = context(p, testPhoto(120, 80));
    const out = await editTask.run(ctx);
    expect([out.images[0]?.width, out.images[0]?.height]).toEqual([120, 120]);
    const abort = new AbortController();
    abort.abort();
    const cancelled = context(plan('make it vintage'), testPhoto(50, 50), abort.signal);
    await expect(editTask.run(cancelled.ctx)).rejects.toThrow();
  });
});

describe('editTask: upscaling', () => {
  it('"upscale it 2x" runs ESRGAN in the worker, reports each tile and says which model made the pixels', async () => {
    // 200x150: two 192-pixel tiles, so the bar moves within the step.
    const { ctx, progress } = context(plan('upscale it 2x'), testPhoto(200, 150));
    const out = await editTask.run(ctx);
    expect([out.images[0]?.width, out.images[0]?.height]).toEqual([400, 300]);
    expect(out.notes).toEqual(['Done: upscaled 2× (AI super-resolution, ESRGAN medium).']);
    // Two tiles (halfway, then all of the one step), before the encode's share.
    expect(progress.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.5]);
    // Each tile shows the picture so far (400x300, within the preview side).
    expect(progress.map((p) => [p.image?.width, p.image?.height])).toEqual([
      [400, 300],
      [400, 300],
      [400, 300],
    ]);

    const zh = context(plan('放大两倍', 'zh'), testPhoto(40, 30));
    expect((await editTask.run(zh.ctx)).notes).toEqual(['已完成：放大 2 倍（AI 超分辨率，ESRGAN medium）。']);
  });

  it('a cancel during an upscale ends the job (the worker stops at the next tile) and the next job runs', async () => {
    const abort = new AbortController();
    // 400x300: six tiles; the job is cancelled when the first one is reported.
    const { ctx } = context(plan('upscale it 2x'), testPhoto(400, 300), abort.signal);
    const reported = ctx.progress;
    ctx.progress = (p) => {
      reported(p);
      abort.abort();
    };
    await expect(editTask.run(ctx)).rejects.toMatchObject({ name: 'AbortError' });
    const next = context(plan('upscale it 2x'), testPhoto(40, 30));
    expect((await editTask.run(next.ctx)).notes).toEqual(['Done: upscaled 2× (AI super-resolution, ESRGAN medium).']);
  });

  it('past the output limit: Lanczos to the largest size allowed, and the reply says so and why', async () => {
    const { ctx } = context(plan('upscale it 2x'), testPhoto(5000, 10));
    const out = await editTask.run(ctx);
    expect([out.images[0]?.width, out.images[0]?.height]).toEqual([8192, 16]);
    expect(out.notes).toEqual([
      "Done: upscaled 2× (Lanczos resampling, not AI upscaling: the model's output would pass the output limit; a smaller factor gets AI upscaling; capped at 8192×16, the largest output I make).",
    ]);
  });

  it('1.5x: ESRGAN x2, then Lanczos to the asked size, and the reply says so', async () => {
    const { ctx } = context(plan('upscale it 1.5x'), testPhoto(40, 30));
    const out = await editTask.run(ctx);
    expect([out.images[0]?.width, out.images[0]?.height]).toEqual([60, 45]);
    expect(out.notes).toEqual([
      'Done: upscaled 1.5× (AI super-resolution, ESRGAN medium ×2, then Lanczos to the asked size).',
    ]);
  });
});

describe('edit replies about pulled mask packs', () => {
  /** An engine that answers every edit with the input image and the given step outcome. */
  function answering(outcome: Record<string, unknown>): EngineClient {
    return {
      run: async (_task, inputs) =>
        ({
          images: inputs.images ?? [],
          meta: { steps: [{ status: 'done', ms: 1, ...outcome }] },
          timingsMs: { total: 1 },
        }) as never,
    };
  }

  it('a failed pack is named with the verify command; a rough mask it did not make names the pack to pull', async () => {
    const input = testPhoto(64, 48);
    const { ctx } = context(plan('remove the background'), input);
    const failed = await editTask.run({
      ...ctx,
      engine: answering({
        mask: {
          quality: 'rough',
          reasons: ['outline'],
          pull: 'birefnet-lite',
          packError: { pack: 'birefnet-lite', error: 'Protobuf parsing failed' },
        },
      }),
    });
    expect(failed.notes).toEqual([
      "Done: removed the background, but the cut-out is rough (its outline does not follow the object's edges).",
      'For cleaner cut-outs run “npx scanline models pull birefnet-lite”.',
      'The birefnet-lite pack could not make this mask (Protobuf parsing failed), so a fallback did; “npx scanline models verify birefnet-lite” checks its files.',
    ]);
  });
});
