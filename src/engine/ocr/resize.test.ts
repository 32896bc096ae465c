import { describe, expect, it } from 'vitest';
import { resizePixels } from './resize.js';

describe('resizePixels', () => {
  it('keeps flat colour flat at any scale', () => {
    const src = new Uint8Array(37 * 23 * 3);
    for (let i = 0; i < src.length; i += 3) src.set([200, 100, 50], i);
    for (const [w, h] of [
      [10, 7],
      [80, 41],
      [37, 23],
    ] as const) {
      const out = resizePixels(src, 37, 23, 3, w, h);
      expect(out).toHaveLength(w * h * 3);
      expect(new Set(out)).toEqual(new Set([200, 100, 50]));
    }
  });

  it('averages when shrinking instead of skipping pixels (no aliasing)', () => {
    // 1-px black/white stripes shrunk 4x become mid grey, not black or white.
    const w = 64;
    const src = new Uint8Array(w * 1 * 1);
    for (let x = 0; x < w; x++) src[x] = x % 2 === 0 ? 0 : 255;
    const out = resizePixels(src, w, 1, 1, 16, 1);
    for (const v of out.subarray(1, 15)) expect(Math.abs(v - 127.5)).toBeLessThan(20);
  });

  it('interpolates when enlarging', () => {
    const out = resizePixels(new Uint8Array([0, 200]), 2, 1, 1, 4, 1);
    expect([...out]).toEqual([0, 50, 150, 200]);
  });
});
