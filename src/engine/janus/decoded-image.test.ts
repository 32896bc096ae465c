import { describe, expect, it } from 'vitest';
import { aspectBox, crop, finishedPart, planarToRgb } from './decoded-image.js';
import { fillUnknownRows } from './scanline.js';

describe('decoded image', () => {
  it('maps [-1, 1] planes to interleaved bytes, clipping outside', () => {
    const planes = Float32Array.from([-1, 1, 0, 2, /* g */ -2, 0.5, 0, 0, /* b */ 1, 1, 1, 1]);
    const image = planarToRgb(planes, 2, 2);
    expect(Array.from(image.data.subarray(0, 6))).toEqual([0, 0, 255, 255, 191, 255]);
    expect(image.data[9]).toBe(255);
  });

  it('cuts the centred box of an aspect ratio', () => {
    expect(aspectBox(384, { w: 16, h: 9 })).toEqual({ x: 0, y: 84, width: 384, height: 216 });
    expect(aspectBox(384, { w: 1, h: 3 })).toEqual({ x: 128, y: 0, width: 128, height: 384 });
    expect(aspectBox(384, undefined)).toEqual({ x: 0, y: 0, width: 384, height: 384 });
  });

  it('crops rows and columns', () => {
    const data = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i);
    const out = crop({ data, width: 4, height: 3, channels: 3 }, { x: 1, y: 1, width: 2, height: 1 });
    expect(Array.from(out.data)).toEqual([15, 16, 17, 18, 19, 20]);
  });

  it('keeps the finished part of a box', () => {
    const box = { x: 0, y: 84, width: 384, height: 216 };
    expect(finishedPart(box, 80)).toBeUndefined();
    expect(finishedPart(box, 96)).toEqual({ ...box, height: 12 });
    expect(finishedPart(box, 384)).toEqual(box);
  });
});

describe('scanline fill', () => {
  it('repeats the last finished row into the unknown rows', () => {
    expect(fillUnknownRows([1, 2, 3, 4, 5, 6, 7], 2, 3)).toEqual([1, 2, 3, 4, 5, 6, 4, 5, 6]);
    expect(() => fillUnknownRows([1, 2], 1, 3)).toThrow();
  });
});
