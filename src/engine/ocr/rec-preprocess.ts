// Recognition batches: crops sorted by aspect ratio so each batch pads little,
// batch width from the widest crop (at least PaddleOCR's 320 px at height 48).
import type { RgbImage } from './pixels.js';
import { lineTensor } from './line-tensor.js';

export const REC_HEIGHT = 48;
/**
 * Narrowest input. PaddleOCR pads every batch to 320 (rec_image_shape 3,48,320);
 * on CPU the model's time grows with width, and reading short words at their
 * own width was as accurate on our fixtures, so only one square is kept.
 */
export const REC_MIN_WIDTH = REC_HEIGHT;
/**
 * Lines per model call. PaddleOCR uses 6; on CPU a padded batch of 6 took
 * longer than 6 single lines (e.g. 6x320: 289 ms vs 6 x 27 ms), so 1.
 */
export const REC_BATCH = 1;

/**
 * Batches of crop indices, in increasing aspect ratio, at most `batchSize` each.
 * There is no width cap (PaddleOCR has none): a long line keeps its detail and
 * sorting keeps it with other long lines.
 */
export function recBatches(crops: readonly { width: number; height: number }[], batchSize = REC_BATCH): number[][] {
  const order = crops
    .map((c, i) => ({ i, r: c.width / c.height }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.i);
  const batches: number[][] = [];
  for (let k = 0; k < order.length; k += batchSize) batches.push(order.slice(k, k + batchSize));
  return batches;
}

/** Batch width: the widest crop at height 48, at least `minWidth`, rounded up to the model's stride of 8. */
export function recBatchWidth(crops: readonly { width: number; height: number }[], minWidth = REC_MIN_WIDTH): number {
  let widest = minWidth;
  for (const c of crops) widest = Math.max(widest, Math.ceil((REC_HEIGHT * c.width) / c.height));
  return Math.ceil(widest / 8) * 8;
}

export interface RecInput {
  tensor: Float32Array;
  width: number;
}

export function recPreprocess(crops: readonly RgbImage[], minWidth = REC_MIN_WIDTH): RecInput {
  const width = recBatchWidth(crops, minWidth);
  return { tensor: lineTensor(crops, REC_HEIGHT, width), width };
}
