import { mapRgb, type RawImage } from '../raw.js';

/** Black and white: every pixel's three channels set to its Rec. 601 luma, so they are exactly equal. */
export function grayscale(image: RawImage): Promise<RawImage> {
  return mapRgb(image, (rgb) => {
    const out = new Uint8Array(rgb.length);
    for (let j = 0; j < rgb.length; j += 3) {
      const y = (19595 * rgb[j]! + 38470 * rgb[j + 1]! + 7471 * rgb[j + 2]! + 32768) >>> 16;
      out[j] = y;
      out[j + 1] = y;
      out[j + 2] = y;
    }
    return out;
  });
}
