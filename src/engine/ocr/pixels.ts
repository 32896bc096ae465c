// Small pixel helpers shared by the OCR stages.
import type { RawImage } from '../types.js';

/** Three-channel interleaved RGB pixels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** RGB view of a RawImage; RGBA is composited over white so transparent text backgrounds read as paper. */
export function toRgb(image: RawImage): RgbImage {
  const { width, height } = image;
  if (image.data.length < width * height * image.channels) {
    throw new RangeError(`image data has ${image.data.length} bytes, expected ${width * height * image.channels}`);
  }
  if (image.channels === 3) return { data: image.data, width, height };
  const src = image.data;
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, o = 0, n = width * height * 4; i < n; i += 4, o += 3) {
    const a = src[i + 3]!;
    if (a === 255) {
      out[o] = src[i]!;
      out[o + 1] = src[i + 1]!;
      out[o + 2] = src[i + 2]!;
    } else {
      const inv = 255 - a;
      out[o] = (src[i]! * a + 255 * inv + 127) / 255;
      out[o + 1] = (src[i + 1]! * a + 255 * inv + 127) / 255;
      out[o + 2] = (src[i + 2]! * a + 255 * inv + 127) / 255;
    }
  }
  return { data: out, width, height };
}

/**
 * Writes RGB pixels into one image slot of an NCHW float tensor in BGR plane
 * order (PaddleOCR models were trained on OpenCV's BGR), as (x/255 - mean[c]) / std[c]
 * where c is the plane index. Columns from `width` to `tensorWidth` are left untouched.
 */
export function writeBgrPlanes(
  rgb: Uint8Array,
  width: number,
  height: number,
  tensor: Float32Array,
  offset: number,
  tensorWidth: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): void {
  const plane = tensorWidth * height;
  // Plane p holds source channel 2 - p (B, G, R); fold /255, mean and std into one multiply-add.
  const mul0 = 1 / (255 * std[0]);
  const mul1 = 1 / (255 * std[1]);
  const mul2 = 1 / (255 * std[2]);
  const add0 = -mean[0] / std[0];
  const add1 = -mean[1] / std[1];
  const add2 = -mean[2] / std[2];
  for (let y = 0; y < height; y++) {
    let s = y * width * 3;
    let d = offset + y * tensorWidth;
    for (let x = 0; x < width; x++, s += 3, d++) {
      tensor[d] = rgb[s + 2]! * mul0 + add0;
      tensor[d + plane] = rgb[s + 1]! * mul1 + add1;
      tensor[d + 2 * plane] = rgb[s]! * mul2 + add2;
    }
  }
}
