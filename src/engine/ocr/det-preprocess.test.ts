import { describe, expect, it } from 'vitest';
import { DET_MEAN, DET_STD, detInputSize, detPreprocess } from './det-preprocess.js';

describe('detInputSize', () => {
  it('shrinks the long side to 1536 and rounds each side to a multiple of 32', () => {
    expect(detInputSize(4000, 3000)).toEqual({ width: 1536, height: 1152 });
    expect(detInputSize(3000, 4000)).toEqual({ width: 1152, height: 1536 });
    expect(detInputSize(1920, 1080)).toEqual({ width: 1536, height: 864 });
    expect(detInputSize(4000, 3000, 960)).toEqual({ width: 960, height: 736 }); // 720 -> 736
  });

  it('never enlarges small images beyond rounding, and keeps at least 32 px', () => {
    expect(detInputSize(800, 600)).toEqual({ width: 800, height: 608 });
    expect(detInputSize(100, 10)).toEqual({ width: 96, height: 32 });
  });

  it('keeps very long strips within the limit', () => {
    const size = detInputSize(20000, 300);
    expect(size.width).toBe(1536);
    expect(size.height).toBe(32);
  });
});

describe('detPreprocess', () => {
  it('writes a normalised NCHW tensor with B, G, R planes', async () => {
    // 64x32 image: left half pure red, right half pure blue (no resize needed).
    const width = 64;
    const height = 32;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[(y * width + x) * 3 + (x < 32 ? 0 : 2)] = 255;
    const input = await detPreprocess({ data, width, height });
    expect([input.width, input.height]).toEqual([64, 32]);
    expect(input.tensor).toHaveLength(3 * 64 * 32);
    const plane = 64 * 32;
    const at = (p: number, x: number, y: number): number => input.tensor[p * plane + y * 64 + x]!;
    const hi = (p: 0 | 1 | 2): number => (1 - DET_MEAN[p]) / DET_STD[p];
    const lo = (p: 0 | 1 | 2): number => -DET_MEAN[p] / DET_STD[p];
    // Red pixel: plane 0 (blue) low, plane 2 (red) high.
    expect(at(0, 5, 5)).toBeCloseTo(lo(0), 5);
    expect(at(1, 5, 5)).toBeCloseTo(lo(1), 5);
    expect(at(2, 5, 5)).toBeCloseTo(hi(2), 5);
    // Blue pixel: plane 0 high.
    expect(at(0, 50, 5)).toBeCloseTo(hi(0), 5);
    expect(at(2, 50, 5)).toBeCloseTo(lo(2), 5);
  });

  it('resizes large images to the model size', async () => {
    const width = 3200;
    const height = 800;
    const input = await detPreprocess({ data: new Uint8Array(width * height * 3).fill(255), width, height });
    expect([input.width, input.height]).toEqual([1536, 384]);
    expect(input.tensor).toHaveLength(3 * 1536 * 384);
    expect(input.tensor[12345]).toBeCloseTo((1 - DET_MEAN[0]) / DET_STD[0], 4);
  });
});
