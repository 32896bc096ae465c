import { fromSharp, sizeScale, toSharp, type RawImage } from '../raw.js';

/** Gaussian blur; `sigma` is in pixels of a 1000-pixel long side, scaled to the image. */
export function blur(image: RawImage, sigma: number): Promise<RawImage> {
  const s = Math.max(0.3, sigma * sizeScale(image.width, image.height));
  return fromSharp(toSharp(image).blur(s), image.channels);
}
