import { mapRgb, type RawImage } from '../raw.js';

/** A photographic negative; alpha stays as it was. */
export function invert(image: RawImage): Promise<RawImage> {
  return mapRgb(image, (rgb) => {
    const out = new Uint8Array(rgb.length);
    for (let j = 0; j < rgb.length; j += 1) out[j] = 255 - rgb[j]!;
    return out;
  });
}
