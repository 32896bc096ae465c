import { describe, expect, it } from 'vitest';
import { CLS_HEIGHT, CLS_WIDTH, clsPreprocess, upsideDownFlags } from './cls.js';

describe('upsideDownFlags', () => {
  it('flags a crop only when label 180 wins with at least 0.9', () => {
    const probs = new Float32Array([0.95, 0.05, 0.05, 0.95, 0.15, 0.85, 0.08, 0.92]);
    expect(upsideDownFlags(probs, 4)).toEqual([false, true, false, true]);
  });
});

describe('clsPreprocess', () => {
  it('squeezes crops wider than 4:1 into 48x192', () => {
    const wide = { data: new Uint8Array(800 * 40 * 3).fill(255), width: 800, height: 40 };
    const tensor = clsPreprocess([wide]);
    expect(tensor).toHaveLength(3 * CLS_HEIGHT * CLS_WIDTH);
    expect(tensor[CLS_WIDTH - 1]).toBeCloseTo(1, 6); // filled to the last column, no padding
  });
});
