import { describe, expect, it } from 'vitest';
import { boxMean } from './box-filter.js';

describe('boxMean', () => {
  it('matches a brute-force mean with clamped edges', () => {
    const w = 13;
    const h = 7;
    const src = Float32Array.from({ length: w * h }, (_, i) => (i * 37) % 101);
    const out = boxMean(src, w, h, 2);
    for (const [x, y] of [
      [0, 0],
      [6, 3],
      [12, 6],
      [1, 5],
    ] as const) {
      let sum = 0;
      for (let dy = -2; dy <= 2; dy += 1)
        for (let dx = -2; dx <= 2; dx += 1)
          sum += src[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))]!;
      expect(out[y * w + x]).toBeCloseTo(sum / 25, 3);
    }
  });
});
