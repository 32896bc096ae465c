import { describe, expect, it } from 'vitest';
import { cropQuad, cropSize, isTall, rotate180, rotate90ccw } from './crop.js';
import type { RgbImage } from './pixels.js';

/** A test image whose red channel is x and green channel is y. */
function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = x;
      data[(y * width + x) * 3 + 1] = y;
    }
  return { data, width, height };
}

const px = (img: RgbImage, x: number, y: number): number[] => [
  ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];

describe('cropQuad', () => {
  it('copies an axis-aligned box pixel for pixel', () => {
    const crop = cropQuad(gradient(100, 50), [
      [10, 5],
      [40, 5],
      [40, 25],
      [10, 25],
    ]);
    expect([crop.width, crop.height]).toEqual([30, 20]);
    expect(px(crop, 0, 0)).toEqual([10, 5, 0]);
    expect(px(crop, 29, 19)).toEqual([39, 24, 0]);
  });

  it('straightens a rotated box so its top edge becomes the top row', () => {
    // A box whose "top" runs down-right at 45 degrees from (20,10).
    const s = Math.SQRT1_2 * 20;
    const crop = cropQuad(gradient(100, 100), [
      [20, 10],
      [20 + s, 10 + s],
      [20 + s - 10 * Math.SQRT1_2, 10 + s + 10 * Math.SQRT1_2],
      [20 - 10 * Math.SQRT1_2, 10 + 10 * Math.SQRT1_2],
    ]);
    expect([crop.width, crop.height]).toEqual([20, 10]);
    const first = px(crop, 0, 0);
    const last = px(crop, 19, 0);
    // Along the top row x and y both grow.
    expect(last[0]! - first[0]!).toBeGreaterThan(10);
    expect(last[1]! - first[1]!).toBeGreaterThan(10);
  });

  it('samples large boxes at a smaller scale when asked', () => {
    const crop = cropQuad(
      gradient(200, 200),
      [
        [0, 0],
        [200, 0],
        [200, 100],
        [0, 100],
      ],
      50,
    );
    expect([crop.width, crop.height]).toEqual([100, 50]);
    expect(px(crop, 99, 49)[0]).toBeGreaterThan(195);
  });

  it('clamps samples outside the image to the border', () => {
    const crop = cropQuad(gradient(20, 20), [
      [-5, -5],
      [5, -5],
      [5, 5],
      [-5, 5],
    ]);
    expect(px(crop, 0, 0)).toEqual([0, 0, 0]);
  });
});

describe('cropSize', () => {
  it('takes the longer of opposite sides', () => {
    expect(
      cropSize([
        [0, 0],
        [10, 0],
        [12, 5],
        [0, 4],
      ]),
    ).toEqual({ width: 12, height: 5 });
  });
});

describe('rotations', () => {
  const img = gradient(3, 2); // pixels (x,y): red = x, green = y
  it('turns a quarter counter-clockwise like numpy rot90', () => {
    const r = rotate90ccw(img);
    expect([r.width, r.height]).toEqual([2, 3]);
    // The top-right pixel becomes the top-left one.
    expect(px(r, 0, 0)).toEqual([2, 0, 0]);
    expect(px(r, 0, 2)).toEqual([0, 0, 0]);
    expect(px(r, 1, 2)).toEqual([0, 1, 0]);
  });
  it('turns a half', () => {
    const r = rotate180(img);
    expect(px(r, 0, 0)).toEqual([2, 1, 0]);
    expect(px(r, 2, 1)).toEqual([0, 0, 0]);
  });
  it('calls a crop tall from 1.5 times its width', () => {
    expect(isTall({ width: 20, height: 30 })).toBe(true);
    expect(isTall({ width: 20, height: 29 })).toBe(false);
  });
});
