import { fromSharp, toSharp, type RawImage } from '../raw.js';

/** Mirror left-right (`horizontal`) or top-bottom (`vertical`); lossless. */
export function flip(image: RawImage, axis: 'horizontal' | 'vertical'): Promise<RawImage> {
  const p = toSharp(image);
  return fromSharp(axis === 'horizontal' ? p.flop() : p.flip(), image.channels);
}
