// GrabCut and Canny (opencv.js) on synthetic pictures whose answer is known.
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../types.js';
import { autoCanny, autoThresholds, median8 } from './canny.js';
import { centralBox, grabCutMask } from './grabcut.js';
import { imageToMask, maskBounds, maskOverlay, maskToImage } from './mask-image.js';
import { loadOpenCv } from './opencv.js';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';

const cv = await loadOpenCv();

/** A red noisy ellipse on a blue-green noisy background. */
function ellipseScene(width: number, height: number): { image: RawImage; truth: (x: number, y: number) => boolean } {
  const cx = width * 0.5;
  const cy = height * 0.55;
  const rx = width * 0.25;
  const ry = height * 0.2;
  const truth = (x: number, y: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1;
  const data = new Uint8Array(width * height * 3);
  let seed = 1;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 31) - 15;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const [r, g, b] = truth(x, y) ? [200, 50, 40] : [40, 120, 190];
      data[i] = r + noise();
      data[i + 1] = g + noise();
      data[i + 2] = b + noise();
    }
  }
  return { image: { data, width, height, channels: 3 }, truth };
}

describe('grabCutMask', () => {
  it('cuts the object out of its box (98%+ of pixels right) at any size', () => {
    for (const [w, h] of [
      [320, 240],
      [1600, 900],
    ] as const) {
      const { image, truth } = ellipseScene(w, h);
      const box: [number, number, number, number] = [w * 0.22, h * 0.32, w * 0.78, h * 0.78];
      const mask = grabCutMask(cv, image, box);
      let right = 0;
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (mask[y * w + x]! >= 128 === truth(x, y)) right++;
      expect(right / (w * h)).toBeGreaterThan(0.98);
    }
  });

  it('gives the same mask for the same photo, run after run', async () => {
    const photo = await loadPhoto('chelsea-cat.jpg');
    const box: [number, number, number, number] = [40, 10, 420, 300];
    const first = grabCutMask(cv, photo, box);
    // OpenCV's own k-means start drew from a global generator that moves on with every call.
    for (let i = 0; i < 2; i++)
      expect(Buffer.compare(Buffer.from(grabCutMask(cv, photo, box)), Buffer.from(first))).toBe(0);
  });

  it('the central box leaves a margin at the sides and top', () => {
    expect(centralBox(1000, 500)).toEqual([100, 40, 900, 500]);
  });
});

describe('autoCanny', () => {
  it('thresholds follow the median', () => {
    expect(median8(Uint8Array.from([1, 2, 3, 200, 201]))).toBe(3);
    expect(autoThresholds(120)).toEqual({ low: 80, high: 160 });
    expect(autoThresholds(0).low).toBe(10);
  });

  it('draws edges on the outline of a square and nowhere else', () => {
    const w = 200;
    const data = new Uint8Array(w * w * 3).fill(60);
    for (let y = 50; y < 150; y++) for (let x = 50; x < 150; x++) data.fill(200, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const { edges } = autoCanny(cv, { data, width: w, height: w, channels: 3 });
    let on = 0;
    let offOutline = 0;
    for (let y = 0; y < w; y++) {
      for (let x = 0; x < w; x++) {
        if (!edges[y * w + x]) continue;
        on++;
        const nearOutline = Math.min(Math.abs(x - 50), Math.abs(x - 149), Math.abs(y - 50), Math.abs(y - 149)) <= 3;
        if (!nearOutline) offOutline++;
      }
    }
    expect(on).toBeGreaterThan(350); // ~4 x 100 px of outline
    expect(offOutline).toBe(0);
  });
});

describe('mask pictures', () => {
  it('round-trips a mask through a grey image and finds its bounds', () => {
    const mask = new Uint8Array(12);
    mask[5] = 255;
    mask[6] = 200;
    const image = maskToImage(mask, 4, 3);
    expect(image.channels).toBe(3);
    expect(imageToMask(image)).toEqual(mask);
    expect(maskBounds(mask, 4, 3)).toEqual([1, 1, 3, 2]);
    expect(maskBounds(new Uint8Array(12), 4, 3)).toBeUndefined();
  });

  it('the overlay keeps selected pixels and dims the rest', () => {
    const image: RawImage = { data: new Uint8Array(10 * 10 * 3).fill(200), width: 10, height: 10, channels: 3 };
    const mask = new Uint8Array(100);
    for (let y = 2; y < 8; y++) mask.fill(255, y * 10 + 2, y * 10 + 8);
    const out = maskOverlay(image, mask);
    expect(out.data[0]).toBe(70); // 35% of 200
    expect(Array.from(out.data.subarray((5 * 10 + 5) * 3, (5 * 10 + 5) * 3 + 3))).toEqual([200, 200, 200]);
    expect(Array.from(out.data.subarray((2 * 10 + 5) * 3, (2 * 10 + 5) * 3 + 3))).toEqual([0, 200, 255]); // outline
  });
});
