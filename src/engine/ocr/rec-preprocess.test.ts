import { describe, expect, it } from 'vitest';
import { scaledWidth } from './line-tensor.js';
import type { RgbImage } from './pixels.js';
import { REC_HEIGHT, recBatches, recBatchWidth, recPreprocess } from './rec-preprocess.js';

function solid(width: number, height: number, value: number): RgbImage {
  return { data: new Uint8Array(width * height * 3).fill(value), width, height };
}

describe('recBatches', () => {
  it('groups crops by increasing aspect ratio', () => {
    const crops = [
      { width: 400, height: 40 }, // 10
      { width: 40, height: 40 }, // 1
      { width: 200, height: 40 }, // 5
      { width: 100, height: 50 }, // 2
    ];
    expect(recBatches(crops, 2)).toEqual([
      [1, 3],
      [2, 0],
    ]);
    expect(recBatches(crops, 1)).toEqual([[1], [3], [2], [0]]);
  });
});

describe('recBatchWidth', () => {
  it('is the widest crop at height 48, rounded up to a multiple of 8, and at least the minimum', () => {
    expect(
      recBatchWidth([
        { width: 100, height: 20 },
        { width: 50, height: 24 },
      ]),
    ).toBe(240);
    expect(recBatchWidth([{ width: 101, height: 20 }])).toBe(248); // 242.4 -> 243 -> 248
    expect(recBatchWidth([{ width: 10, height: 40 }], 320)).toBe(320);
  });
});

describe('recPreprocess', () => {
  it('normalises to (x/255-0.5)/0.5 and pads the narrower crop with zeros', () => {
    const crops = [solid(96, 24, 255), solid(24, 24, 0)];
    const { tensor, width } = recPreprocess(crops);
    expect(width).toBe(192);
    const plane = REC_HEIGHT * width;
    expect(tensor).toHaveLength(2 * 3 * plane);
    expect(tensor[0]).toBeCloseTo(1, 6); // white -> 1
    expect(tensor[width - 1]).toBeCloseTo(1, 6);
    const second = 3 * plane;
    expect(tensor[second]).toBeCloseTo(-1, 6); // black -> -1
    expect(tensor[second + scaledWidth(crops[1]!, REC_HEIGHT, width) - 1]).toBeCloseTo(-1, 6);
    expect(tensor[second + 48]).toBe(0); // padding
    expect(tensor[second + plane - 1]).toBe(0);
  });
});
