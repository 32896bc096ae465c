import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import { resizeRaw, smartResize, SMART_RESIZE_MAX_PIXELS, SMART_RESIZE_MIN_PIXELS } from './smart-resize.js';

describe('smartResize', () => {
  // Expected sizes computed with Qwen2-VL's smart_resize formula in Python (round half to even).
  const table: Array<[number, number, Parameters<typeof smartResize>[2], number, number]> = [
    [1920, 1080, {}, 1316, 728],
    [1080, 1920, {}, 728, 1316],
    [640, 480, {}, 644, 476],
    [224, 224, {}, 224, 224],
    [4000, 3000, {}, 1148, 840],
    [42, 42, {}, 56, 56],
    [70, 70, {}, 56, 56], // 2.5 patches rounds to 2 (half to even), not 3
    [98, 98, {}, 112, 112], // 3.5 rounds to 4
    [10, 10, {}, 56, 56],
    [8000, 100, {}, 8008, 112],
    [100, 8000, {}, 112, 8008],
    [28, 5600, {}, 28, 5600],
    [3, 600, {}, 28, 588],
    [1000, 1000, { maxPixels: 256 * 28 * 28 }, 448, 448],
    [512, 512, { maxPixels: 256 * 28 * 28 }, 448, 448],
    [1024, 768, { factor: 32, minPixels: 4 * 32 * 32, maxPixels: 1024 * 32 * 32 }, 1024, 768],
  ];

  it.each(table)('%i x %i %j -> %i x %i', (width, height, options, expectedWidth, expectedHeight) => {
    expect(smartResize(width, height, options)).toEqual({ width: expectedWidth, height: expectedHeight });
  });

  it('always lands on the grid, inside the budget, close to the aspect ratio', () => {
    for (let width = 17; width < 5000; width += 331) {
      for (let height = 13; height < 5000; height += 257) {
        if (Math.max(width, height) / Math.min(width, height) > 200) continue;
        const out = smartResize(width, height);
        expect(out.width % 28).toBe(0);
        expect(out.height % 28).toBe(0);
        expect(out.width * out.height).toBeLessThanOrEqual(SMART_RESIZE_MAX_PIXELS);
        expect(out.width * out.height).toBeGreaterThanOrEqual(SMART_RESIZE_MIN_PIXELS);
        const drift = Math.abs(Math.log(out.width / out.height) - Math.log(width / height));
        expect(drift).toBeLessThan(Math.log(1 + 28 / Math.min(out.width, out.height)) * 2 + 1e-9);
      }
    }
  });

  it('refuses aspect ratios beyond 200:1 with a user-facing error', () => {
    expect(smartResize(20_000, 100)).toEqual({ width: 14_140, height: 56 });
    try {
      smartResize(20_100, 100, { name: 'banner.png' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScanlineError);
      expect((error as ScanlineError).code).toBe('image_unsupported');
      expect((error as ScanlineError).params).toMatchObject({ name: 'banner.png' });
      expect(String((error as ScanlineError).params.detail)).toMatch(/201:1.*200:1/);
    }
  });

  it('rejects nonsense sizes as programming errors', () => {
    expect(() => smartResize(0, 10)).toThrow(RangeError);
    expect(() => smartResize(10, Number.NaN)).toThrow(RangeError);
    expect(() => smartResize(10, 10, { minPixels: 100, maxPixels: 10 })).toThrow(RangeError);
  });
});

describe('resizeRaw', () => {
  it('resizes to the exact size and keeps the channel count and colour', async () => {
    for (const channels of [3, 4] as const) {
      const data = new Uint8Array(30 * 20 * channels);
      for (let i = 0; i < data.length; i += channels)
        data.set(channels === 4 ? [200, 100, 50, 128] : [200, 100, 50], i);
      const out = await resizeRaw({ data, width: 30, height: 20, channels }, 56, 28);
      expect(out).toMatchObject({ width: 56, height: 28, channels });
      expect(out.data.length).toBe(56 * 28 * channels);
      const expected = channels === 4 ? [200, 100, 50, 128] : [200, 100, 50];
      // Alpha is premultiplied while resampling, so colour may move by one step.
      for (const at of [0, out.data.length - channels]) {
        Array.from(out.data.subarray(at, at + channels)).forEach((value, i) =>
          expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(1),
        );
      }
    }
  });

  it('returns the same pixels when the size does not change', async () => {
    const image = { data: new Uint8Array(12), width: 2, height: 2, channels: 3 as const };
    expect((await resizeRaw(image, 2, 2)).data).toBe(image.data);
    await expect(resizeRaw(image, 0, 2)).rejects.toThrow(RangeError);
  });
});
