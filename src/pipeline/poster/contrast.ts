// WCAG 2.x contrast: relative luminance of sRGB colours and the ratio between two.
import type { RawImage } from '../../engine/index.js';

export type Rgb = readonly [number, number, number];

/** WCAG 2.x contrast a text needs to be readable at body size (AA). */
export const MIN_CONTRAST = 4.5;

const LINEAR = new Float64Array(256);
for (let v = 0; v < 256; v += 1) {
  const c = v / 255;
  LINEAR[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (0 black to 1 white) of an 8-bit sRGB colour. */
export function luminance(rgb: Rgb): number {
  return 0.2126 * LINEAR[rgb[0]]! + 0.7152 * LINEAR[rgb[1]]! + 0.0722 * LINEAR[rgb[2]]!;
}

export function contrastOfLuminances(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  return contrastOfLuminances(luminance(a), luminance(b));
}

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = Number.parseInt(m[1] as string, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Luminances of the pixels inside a box (clipped to the image), sorted ascending. */
export function luminancesIn(image: RawImage, box: Box): Float64Array {
  const x0 = Math.max(0, Math.floor(box.left));
  const y0 = Math.max(0, Math.floor(box.top));
  const x1 = Math.min(image.width, Math.ceil(box.left + box.width));
  const y1 = Math.min(image.height, Math.ceil(box.top + box.height));
  const out = new Float64Array(Math.max(0, (x1 - x0) * (y1 - y0)));
  const { data, channels, width } = image;
  let k = 0;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0, i = (y * width + x0) * channels; x < x1; x += 1, i += channels) {
      out[k++] = 0.2126 * LINEAR[data[i]!]! + 0.7152 * LINEAR[data[i + 1]!]! + 0.0722 * LINEAR[data[i + 2]!]!;
    }
  }
  return out.sort();
}

/** Share of background pixels allowed to be worse than the measured contrast (stray specks, not areas). */
const WORST_SHARE = 0.02;

/**
 * Contrast of a text colour against the background pixels of a box, ignoring the 2%
 * of pixels nearest the text's luminance: 98% of the area is at least this far from it.
 */
export function worstContrast(text: Rgb, sortedLuminances: Float64Array): number {
  const n = sortedLuminances.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  const t = luminance(text);
  const k = Math.min(n - 1, Math.floor(n * WORST_SHARE));
  const darkest = sortedLuminances[k]!;
  const lightest = sortedLuminances[n - 1 - k]!;
  if (t <= darkest) return contrastOfLuminances(t, darkest);
  if (t >= lightest) return contrastOfLuminances(t, lightest);
  // Some of the background is as light as the text itself.
  return 1;
}
