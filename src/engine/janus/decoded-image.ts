// The image decoder's planar float output in [-1, 1] -> interleaved RGB bytes,
// and the crops the generate runner applies to it (aspect ratio, scanline rows).
import type { RawImage } from '../types.js';

/** [3, h, w] planes in [-1, 1] -> RGB bytes, as DeepSeek's reference: clip((x + 1) / 2 * 255) then truncate. */
export function planarToRgb(planes: Float32Array, width: number, height: number): RawImage {
  const area = width * height;
  if (planes.length < 3 * area) throw new Error('decoded image is smaller than its dims');
  const data = new Uint8Array(area * 3);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < area; i++) {
      const v = ((planes[c * area + i]! + 1) / 2) * 255;
      data[i * 3 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
    }
  }
  return { data, width, height, channels: 3 };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The centered box of a square image with the aspect ratio w:h (the image's full side along the longer axis). */
export function aspectBox(size: number, aspect: { w: number; h: number } | undefined): Box {
  if (!aspect || aspect.w === aspect.h) return { x: 0, y: 0, width: size, height: size };
  if (aspect.w > aspect.h) {
    const height = Math.max(1, Math.round((size * aspect.h) / aspect.w));
    return { x: 0, y: Math.floor((size - height) / 2), width: size, height };
  }
  const width = Math.max(1, Math.round((size * aspect.w) / aspect.h));
  return { x: Math.floor((size - width) / 2), y: 0, width, height: size };
}

export function crop(image: RawImage, box: Box): RawImage {
  const { channels } = image;
  const data = new Uint8Array(box.width * box.height * channels);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * image.width + box.x) * channels;
    data.set(image.data.subarray(from, from + box.width * channels), y * box.width * channels);
  }
  return { data, width: box.width, height: box.height, channels };
}

/** The part of `box` that lies in the first `pixelRows` rows, or undefined when none does. */
export function finishedPart(box: Box, pixelRows: number): Box | undefined {
  const bottom = Math.min(box.y + box.height, pixelRows);
  if (bottom <= box.y) return undefined;
  return { ...box, height: bottom - box.y };
}
