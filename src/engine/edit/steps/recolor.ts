import type { Rgb } from '../../../common/colors.js';
import type { RawImage } from '../raw.js';
import { ownColourWeights } from './own-colour.js';

/**
 * Turns the masked pixels toward a colour. Each pixel keeps its own luminance
 * detail: it takes the target's hue and chroma (scaled down near black and white so
 * nothing clips) and its lightness moves by how far the region's mean is from the
 * target's. Only the object is changed: pixels where the mask is below half
 * (outside the cut-out's outline) are left byte-identical, and the soft edge
 * fades inward from the outline, so no halo of colour spills around the object.
 * For a named object (`ownColour`), only its own colour changes when it has one
 * (own-colour.ts): the red paint of a motorcycle, not its tyres or the wall seen
 * through its wheels.
 */
/** Mask value -> weight 0-255 that is 0 up to half (the outline) and full at 255: the feather lies inside. */
function inward(m: number): number {
  return m < 128 ? 0 : Math.round(((m - 127) * 255) / 128);
}

export function recolor(image: RawImage, color: Rgb, mask: Uint8Array, opts: { ownColour?: boolean } = {}): RawImage {
  const { width, height, channels } = image;
  const n = width * height;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, image has ${n} pixels`);
  const src = image.data;
  const out = src.slice();
  const ty = 0.299 * color.r + 0.587 * color.g + 0.114 * color.b;
  const own = opts.ownColour ? ownColourWeights(image, (i) => inward(mask[i]!) / 255) : undefined;
  // Weight 0-255 of each pixel: the cut-out's, times how much it is the object's own colour.
  const at = own ? (i: number) => inward(mask[i]!) * own[i]! : (i: number) => inward(mask[i]!);
  let weight = 0;
  let sum = 0;
  for (let i = 0, j = 0; i < n; i += 1, j += channels) {
    const m = at(i);
    if (m === 0) continue;
    weight += m;
    sum += m * (0.299 * src[j]! + 0.587 * src[j + 1]! + 0.114 * src[j + 2]!);
  }
  if (weight === 0) return { ...image, data: out };
  const shift = (ty - sum / weight) * 0.75;
  const cr = color.r - ty;
  const cg = color.g - ty;
  const cb = color.b - ty;
  const maxUp = Math.max(cr, cg, cb, 1e-6);
  const maxDown = Math.max(-cr, -cg, -cb, 1e-6);
  for (let i = 0, j = 0; i < n; i += 1, j += channels) {
    const m = at(i);
    if (m === 0) continue;
    const y0 = 0.299 * src[j]! + 0.587 * src[j + 1]! + 0.114 * src[j + 2]!;
    const y = Math.max(0, Math.min(255, y0 + shift));
    // The largest fraction of the target's chroma that fits between 0 and 255 at this lightness.
    const f = Math.min(1, (255 - y) / maxUp, y / maxDown);
    const a = m / 255;
    const r = y + cr * f;
    const g = y + cg * f;
    const b = y + cb * f;
    out[j] = Math.round(src[j]! + (r - src[j]!) * a);
    out[j + 1] = Math.round(src[j + 1]! + (g - src[j + 1]!) * a);
    out[j + 2] = Math.round(src[j + 2]! + (b - src[j + 2]!) * a);
  }
  return { ...image, data: out };
}
