// Detection input: resize so the long side is at most 1536 px with each side a
// multiple of 32 (the DBNet stride), then ImageNet mean/std in BGR plane order.
import sharp from 'sharp';
import type { RgbImage } from './pixels.js';
import { writeBgrPlanes } from './pixels.js';

/**
 * Long side of the detector's input (PaddleOCR's det_limit_side_len with
 * det_limit_type 'max'). PaddleOCR's script default is 960, but then body text
 * of a phone photo of a page (24-28 px in 3000x4000) shrinks to ~6 px and is
 * missed: on such pages 960 read 5-23% of the characters, 1536 all of them,
 * for about twice the detector time (~0.5 s). Larger text reads the same.
 */
export const DET_LIMIT_SIDE = 1536;
/** ImageNet statistics, applied by PaddleOCR to the B, G, R planes in this order. */
export const DET_MEAN = [0.485, 0.456, 0.406] as const;
export const DET_STD = [0.229, 0.224, 0.225] as const;

export interface DetInput {
  /** NCHW float tensor data, N = 1. */
  tensor: Float32Array;
  /** Size of the model input (multiples of 32). */
  width: number;
  height: number;
}

/**
 * Model input size for an image: shrink (never enlarge) so the long side is at
 * most `limit`, then round each side to the nearest multiple of 32 (at least 32).
 * Small images are not upscaled, as in PaddleOCR: DBNet finds text of ~8 px and
 * up at native size, and enlarging adds no detail, only time.
 */
export function detInputSize(width: number, height: number, limit = DET_LIMIT_SIDE): { width: number; height: number } {
  const long = Math.max(width, height);
  const ratio = long > limit ? limit / long : 1;
  const round32 = (v: number): number => Math.max(32, Math.round((v * ratio) / 32) * 32);
  // Rounding up must not push the long side past the limit.
  const cap = (v: number): number => Math.min(v, Math.max(32, Math.floor(limit / 32) * 32));
  return { width: cap(round32(width)), height: cap(round32(height)) };
}

/** Resizes with sharp (native, off the JS heap; ~30-60 ms for 4000x3000 -> 1536x1152) and normalises. */
export async function detPreprocess(image: RgbImage, limit = DET_LIMIT_SIDE): Promise<DetInput> {
  const size = detInputSize(image.width, image.height, limit);
  let pixels: Uint8Array = image.data;
  if (size.width !== image.width || size.height !== image.height) {
    const resized = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .resize(size.width, size.height, { fit: 'fill', kernel: 'linear' })
      .raw()
      .toBuffer();
    pixels = new Uint8Array(resized.buffer, resized.byteOffset, resized.byteLength);
  }
  const tensor = new Float32Array(3 * size.width * size.height);
  writeBgrPlanes(pixels, size.width, size.height, tensor, 0, size.width, DET_MEAN, DET_STD);
  return { tensor, width: size.width, height: size.height };
}
