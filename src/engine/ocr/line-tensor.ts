// Packs text-line crops into one NCHW batch for the cls and rec models: each
// crop is resized to the model height keeping its aspect (squeezed only when
// wider than the batch), normalised to (x/255 - 0.5)/0.5 in BGR plane order,
// and padded on the right with zeros.
import { writeBgrPlanes } from './pixels.js';
import type { RgbImage } from './pixels.js';
import { resizePixels } from './resize.js';

const HALF = [0.5, 0.5, 0.5] as const;

/** Width a crop takes at `height` keeping its aspect, capped at `maxWidth` (PaddleOCR's resize_norm_img). */
export function scaledWidth(crop: { width: number; height: number }, height: number, maxWidth: number): number {
  const w = Math.ceil((height * crop.width) / crop.height);
  return Math.max(1, Math.min(maxWidth, w));
}

/** A [crops.length, 3, height, width] tensor of the crops. */
export function lineTensor(crops: readonly RgbImage[], height: number, width: number): Float32Array {
  const plane = height * width;
  const tensor = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const w = scaledWidth(crop, height, width);
    const pixels = resizePixels(crop.data, crop.width, crop.height, 3, w, height);
    writeBgrPlanes(pixels, w, height, tensor, n * 3 * plane, width, HALF, HALF);
  });
  return tensor;
}
