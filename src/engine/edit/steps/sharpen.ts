import { fromSharp, sizeScale, toSharp, type RawImage } from '../raw.js';

/** Unsharp mask whose radius follows the image size (a fixed radius is invisible on big photos). */
export function sharpen(image: RawImage): Promise<RawImage> {
  const sigma = Math.max(0.6, 1.2 * sizeScale(image.width, image.height));
  return fromSharp(toSharp(image).sharpen({ sigma, m1: 1, m2: 3 }), image.channels);
}
