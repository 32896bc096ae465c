// Masks as pictures: the grey mask itself (RawImage needs 3 or 4 channels, so
// grey is stored as R=G=B) and an overlay that dims what is not selected.
import type { RawImage } from '../types.js';

/** A 0-255 mask as a 3-channel grey image (white = selected). */
export function maskToImage(mask: Uint8Array, width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    const v = mask[i] ?? 0;
    data[j] = v;
    data[j + 1] = v;
    data[j + 2] = v;
  }
  return { data, width, height, channels: 3 };
}

/** The first channel of a grey mask image back to one value per pixel. */
export function imageToMask(image: RawImage): Uint8Array {
  const n = image.width * image.height;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = image.data[i * image.channels] ?? 0;
  return mask;
}

const OUTLINE: [number, number, number] = [0, 200, 255];
const DIM = 0.35;

/**
 * The image with the unselected part dimmed to 35% and a cyan outline where
 * the mask crosses 50%, as RGB.
 */
export function maskOverlay(image: RawImage, mask: Uint8Array): RawImage {
  const { width, height, channels } = image;
  const out = new Uint8Array(width * height * 3);
  const stroke = Math.max(1, Math.round(Math.min(width, height) / 400));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a = (mask[i] ?? 0) / 255;
      const k = DIM + (1 - DIM) * a;
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round((image.data[i * channels + c] ?? 0) * k);
    }
  }
  // Outline: pixels inside whose neighbourhood (within `stroke`) reaches outside.
  const inside = (x: number, y: number): boolean => (mask[y * width + x] ?? 0) >= 128;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inside(x, y)) continue;
      let edge = false;
      for (let d = 1; d <= stroke && !edge; d++) {
        edge =
          (x - d >= 0 && !inside(x - d, y)) ||
          (x + d < width && !inside(x + d, y)) ||
          (y - d >= 0 && !inside(x, y - d)) ||
          (y + d < height && !inside(x, y + d));
      }
      if (edge) out.set(OUTLINE, (y * width + x) * 3);
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** Tight bounds of the pixels at or above 50%, or undefined for an empty mask. */
export function maskBounds(
  mask: Uint8Array,
  width: number,
  height: number,
): [number, number, number, number] | undefined {
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((mask[y * width + x] ?? 0) < 128) continue;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
  }
  return x2 < 0 ? undefined : [x1, y1, x2 + 1, y2 + 1];
}
