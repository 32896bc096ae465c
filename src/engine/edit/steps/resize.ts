import { fromSharp, toSharp, type RawImage } from '../raw.js';

/** The largest output we make: edits feed chat uploads, and the pipeline decodes at most 40 MP. */
export const MAX_OUTPUT_SIDE = 8192;
export const MAX_OUTPUT_PIXELS = 40_000_000;

/** Width and height for a new long side, keeping the aspect ratio, within the output limits. */
export function sizeForLongSide(width: number, height: number, longSide: number): { width: number; height: number } {
  let k = Math.min(longSide, MAX_OUTPUT_SIDE) / Math.max(width, height);
  if (width * height * k * k > MAX_OUTPUT_PIXELS) k = Math.sqrt(MAX_OUTPUT_PIXELS / (width * height));
  const round = width * height * k * k > MAX_OUTPUT_PIXELS * 0.999 ? Math.floor : Math.round;
  return { width: Math.max(1, round(width * k)), height: Math.max(1, round(height * k)) };
}

/** Lanczos resampling to a long side. */
export function resize(image: RawImage, longSide: number): Promise<RawImage> {
  const size = sizeForLongSide(image.width, image.height, longSide);
  if (size.width === image.width && size.height === image.height) return Promise.resolve(image);
  return fromSharp(toSharp(image).resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' }), image.channels);
}

/** The long side that gives the asked-for width or height (or the long side itself). */
export function longSideFor(
  width: number,
  height: number,
  target: { longSide?: number; width?: number; height?: number },
): number {
  const long = Math.max(width, height);
  if (target.width !== undefined) return Math.round((target.width / width) * long);
  if (target.height !== undefined) return Math.round((target.height / height) * long);
  return target.longSide ?? long;
}

/**
 * Lanczos resampling by a factor: shrinking, and enlarging only as the fallback
 * (the edit runner enlarges with ESRGAN, engine/upscale): it adds no detail.
 */
export function scale(image: RawImage, factor: number): Promise<RawImage> {
  return resize(image, Math.max(image.width, image.height) * factor);
}
