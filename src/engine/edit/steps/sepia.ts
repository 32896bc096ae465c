import { clampByte, mapRgb, type RawImage } from '../raw.js';

/** Brown monochrome toning: luma mapped onto a dark-brown to cream ramp (what sepia prints look like). */
export function sepiaTone(rgb: Uint8Array): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let y = 0; y < 256; y += 1) {
    const t = y / 255;
    // Shadows lean brown, highlights cream: a gentle S of the three channels.
    lut[y * 3] = clampByte(255 * Math.min(1, t * 1.07 + 0.02));
    lut[y * 3 + 1] = clampByte(255 * Math.pow(t, 1.08) * 0.95);
    lut[y * 3 + 2] = clampByte(255 * Math.pow(t, 1.35) * 0.78);
  }
  const out = new Uint8Array(rgb.length);
  for (let j = 0; j < rgb.length; j += 3) {
    const y = (19595 * rgb[j]! + 38470 * rgb[j + 1]! + 7471 * rgb[j + 2]! + 32768) >>> 16;
    out[j] = lut[y * 3]!;
    out[j + 1] = lut[y * 3 + 1]!;
    out[j + 2] = lut[y * 3 + 2]!;
  }
  return out;
}

/** Sepia toning. */
export function sepia(image: RawImage): Promise<RawImage> {
  return mapRgb(image, (rgb) => sepiaTone(rgb));
}
