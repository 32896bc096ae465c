// Shared pixel plumbing for edit steps: sharp in and out, alpha kept aside,
// luminance planes, and sizes that scale with the image.
import sharp, { type Sharp } from 'sharp';
import type { RawImage } from '../types.js';

export type { RawImage };

export function toSharp(image: RawImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

/** Runs a sharp pipeline to raw pixels; `channels` forces 3 (drops alpha) or 4 (adds opaque alpha). */
export async function fromSharp(pipeline: Sharp, channels?: 3 | 4): Promise<RawImage> {
  let p = pipeline;
  if (channels === 3) p = p.removeAlpha();
  if (channels === 4) p = p.ensureAlpha();
  const { data, info } = await p.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`unexpected channel count ${info.channels}`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: info.channels,
  };
}

/** Interleaved RGB and, when the image has one, its alpha plane. */
export interface SplitImage {
  rgb: Uint8Array;
  alpha: Uint8Array | null;
  width: number;
  height: number;
}

export function splitAlpha(image: RawImage): SplitImage {
  const { width, height } = image;
  if (image.channels === 3) return { rgb: image.data, alpha: null, width, height };
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const alpha = new Uint8Array(n);
  const src = image.data;
  for (let i = 0, j = 0, k = 0; k < n; i += 4, j += 3, k += 1) {
    rgb[j] = src[i]!;
    rgb[j + 1] = src[i + 1]!;
    rgb[j + 2] = src[i + 2]!;
    alpha[k] = src[i + 3]!;
  }
  return { rgb, alpha, width, height };
}

export function joinAlpha(rgb: Uint8Array, alpha: Uint8Array | null, width: number, height: number): RawImage {
  if (!alpha) return { data: rgb, width, height, channels: 3 };
  const n = width * height;
  const out = new Uint8Array(n * 4);
  for (let i = 0, j = 0, k = 0; k < n; i += 4, j += 3, k += 1) {
    out[i] = rgb[j]!;
    out[i + 1] = rgb[j + 1]!;
    out[i + 2] = rgb[j + 2]!;
    out[i + 3] = alpha[k]!;
  }
  return { data: out, width, height, channels: 4 };
}

/** Applies a colour-only operation on RGB and carries the alpha plane through untouched. */
export async function mapRgb(
  image: RawImage,
  fn: (rgb: Uint8Array, width: number, height: number) => Uint8Array | Promise<Uint8Array>,
): Promise<RawImage> {
  const split = splitAlpha(image);
  const out = await fn(split.rgb, image.width, image.height);
  return joinAlpha(out, split.alpha, image.width, image.height);
}

/** Rec. 601 luma in 0-255, the weights every photo tool uses for "black and white". */
export function lumaPlane(rgb: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i += 1, j += 3) {
    out[i] = (19595 * rgb[j]! + 38470 * rgb[j + 1]! + 7471 * rgb[j + 2]! + 32768) >>> 16;
  }
  return out;
}

/** Gaussian blur of one 8-bit plane by sharp (libvips threads, not the event loop). */
export async function blurPlane(plane: Uint8Array, width: number, height: number, sigma: number): Promise<Uint8Array> {
  if (sigma < 0.3) return plane.slice();
  const buf = await sharp(plane, { raw: { width, height, channels: 1 } })
    .blur(sigma)
    // sharp turns one band into sRGB on output; keep the single plane.
    .extractChannel(0)
    .raw()
    .toBuffer();
  if (buf.length !== width * height) throw new Error(`blurPlane: got ${buf.length} values for ${width}x${height}`);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** How much bigger than a 1000-pixel long side the image is: sizes of effects scale with it. */
export function sizeScale(width: number, height: number): number {
  return Math.max(width, height) / 1000;
}

/** Lets queued messages (a cancel) and timers run between long typed-array passes. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Largest side painterly looks are computed at; they are upscaled (Lanczos) to the full size afterwards. */
export const WORKING_SIDE = 1600;

/** The image at most `maxSide` on its long side (unchanged when already smaller). */
export async function shrinkTo(image: RawImage, maxSide: number): Promise<RawImage> {
  const long = Math.max(image.width, image.height);
  if (long <= maxSide) return image;
  const k = maxSide / long;
  const width = Math.max(1, Math.round(image.width * k));
  const height = Math.max(1, Math.round(image.height * k));
  return fromSharp(toSharp(image).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), image.channels);
}

/** Back to exactly width x height. */
export async function growTo(image: RawImage, width: number, height: number): Promise<RawImage> {
  if (image.width === width && image.height === height) return image;
  return fromSharp(toSharp(image).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), image.channels);
}

/** Deterministic fast noise (xorshift32), so edits replay identically. */
export function noiseSource(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * Runs a look on RGB at most `maxSide` on the long side, then brings it back to the
 * full size. `ws` is the working image's size relative to a 1000-pixel long side.
 */
export async function atWorkingSize(
  image: RawImage,
  maxSide: number,
  fn: (rgb: Uint8Array, width: number, height: number, ws: number) => Promise<Uint8Array> | Uint8Array,
): Promise<RawImage> {
  const small = await shrinkTo(image, maxSide);
  const split = splitAlpha(small);
  const rgb = await fn(split.rgb, small.width, small.height, sizeScale(small.width, small.height));
  const styled = joinAlpha(rgb, split.alpha, small.width, small.height);
  const grown = await growTo(styled, image.width, image.height);
  if (image.channels === 4 && grown.channels === 4) {
    // Keep the original alpha edge exactly: only the colours were restyled.
    const out = grown.data;
    for (let i = 3; i < out.length; i += 4) out[i] = image.data[i]!;
  }
  return grown;
}
