import { parseColor, type Rgb } from '../../../common/colors.js';
import { fromSharp, sizeScale, toSharp, type RawImage } from '../raw.js';

export type BackgroundMode = 'remove' | 'color' | 'blur' | 'replace';

const DEFAULT_GRADIENT: [Rgb, Rgb] = [
  { r: 142, g: 197, b: 252 },
  { r: 224, g: 195, b: 252 },
];

function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t };
}

/** A top-to-bottom gradient: a lighter tint of the colour down to a deeper shade of it. */
function gradientRows(height: number, value?: string): Rgb[] {
  const c = value ? parseColor(value) : undefined;
  const [top, bottom] = c
    ? [mixRgb(c, { r: 255, g: 255, b: 255 }, 0.55), mixRgb(c, { r: 0, g: 0, b: 0 }, 0.2)]
    : DEFAULT_GRADIENT;
  return Array.from({ length: height }, (_, y) => mixRgb(top, bottom, height > 1 ? y / (height - 1) : 0));
}

/**
 * Replaces what lies outside the foreground mask: transparent (`remove`), a solid
 * colour, a blurred copy of the photo (portrait-mode look) or a gradient (`replace`).
 */
export async function background(
  image: RawImage,
  mode: BackgroundMode,
  mask: Uint8Array,
  value?: string,
): Promise<RawImage> {
  const { width, height, channels } = image;
  const n = width * height;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, image has ${n} pixels`);
  const src = image.data;
  if (mode === 'remove') {
    const out = new Uint8Array(n * 4);
    for (let i = 0, j = 0, k = 0; i < n; i += 1, j += channels, k += 4) {
      out[k] = src[j]!;
      out[k + 1] = src[j + 1]!;
      out[k + 2] = src[j + 2]!;
      const a = channels === 4 ? src[j + 3]! : 255;
      out[k + 3] = Math.round((mask[i]! * a) / 255);
    }
    return { data: out, width, height, channels: 4 };
  }
  let blurred: Uint8Array | undefined;
  if (mode === 'blur') {
    const b = await fromSharp(toSharp(image).blur(Math.max(2, 14 * sizeScale(width, height))), 3);
    blurred = b.data;
  }
  const rows = mode === 'replace' ? gradientRows(height, value) : undefined;
  const solid = parseColor(value ?? 'white') ?? { r: 255, g: 255, b: 255 };
  const out = new Uint8Array(n * 3);
  for (let y = 0; y < height; y += 1) {
    const fill = rows ? rows[y]! : solid;
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const j = i * channels;
      const k = i * 3;
      const a = (mask[i]! / 255) * (channels === 4 ? src[j + 3]! / 255 : 1);
      const br = blurred ? blurred[k]! : fill.r;
      const bg = blurred ? blurred[k + 1]! : fill.g;
      const bb = blurred ? blurred[k + 2]! : fill.b;
      out[k] = Math.round(br + (src[j]! - br) * a);
      out[k + 1] = Math.round(bg + (src[j + 1]! - bg) * a);
      out[k + 2] = Math.round(bb + (src[j + 2]! - bb) * a);
    }
  }
  return { data: out, width, height, channels: 3 };
}
