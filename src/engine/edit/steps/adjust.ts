import { clampByte, mapRgb, type RawImage } from '../raw.js';

export type AdjustProperty = 'brightness' | 'contrast' | 'saturation' | 'warmth';

/** Per-channel lookup tables for the properties that act on each channel alone. */
function channelLuts(property: AdjustProperty, amount: number): [Uint8Array, Uint8Array, Uint8Array] {
  const r = new Uint8Array(256);
  const g = new Uint8Array(256);
  const b = new Uint8Array(256);
  for (let v = 0; v < 256; v += 1) {
    if (property === 'brightness') {
      // Gamma-like lift: brightens mid-tones without clipping highlights flat.
      const t = v / 255;
      const out = amount >= 0 ? 1 - Math.pow(1 - t, 1 + amount * 1.6) : Math.pow(t, 1 - amount * 1.6);
      r[v] = g[v] = b[v] = clampByte(out * 255);
    } else if (property === 'contrast') {
      r[v] = g[v] = b[v] = clampByte((v - 128) * (1 + amount) + 128);
    } else {
      // Warmth: red up and blue down (or the reverse), green barely moves.
      r[v] = clampByte(v * (1 + 0.18 * amount));
      g[v] = clampByte(v * (1 + 0.03 * amount));
      b[v] = clampByte(v * (1 - 0.18 * amount));
    }
  }
  return [r, g, b];
}

/** Brightness, contrast, saturation or warmth by a relative amount (+0.25 = 25% more). */
export function adjust(image: RawImage, property: AdjustProperty, amount: number): Promise<RawImage> {
  const a = Math.max(-1, Math.min(3, amount));
  return mapRgb(image, (rgb) => {
    const out = new Uint8Array(rgb.length);
    if (property === 'saturation') {
      const k = 1 + a;
      for (let j = 0; j < rgb.length; j += 3) {
        const y = 0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!;
        out[j] = clampByte(y + (rgb[j]! - y) * k);
        out[j + 1] = clampByte(y + (rgb[j + 1]! - y) * k);
        out[j + 2] = clampByte(y + (rgb[j + 2]! - y) * k);
      }
      return out;
    }
    const [lr, lg, lb] = channelLuts(property, a);
    for (let j = 0; j < rgb.length; j += 3) {
      out[j] = lr[rgb[j]!]!;
      out[j + 1] = lg[rgb[j + 1]!]!;
      out[j + 2] = lb[rgb[j + 2]!]!;
    }
    return out;
  });
}
