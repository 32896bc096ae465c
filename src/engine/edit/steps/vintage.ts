import { clampByte, mapRgb, noiseSource, type RawImage } from '../raw.js';
import { sepiaTone } from './sepia.js';

export interface AgedLookOptions {
  /** 1: full sepia monochrome (a 19th-century print); 0: faded colour (a 1970s print). */
  sepia: number;
  /** Contrast around mid grey; > 1 is punchier. */
  contrast: number;
  /** Grain amplitude in 0-255 levels. */
  grain: number;
  /** Darkening at the corners, 0-1. */
  vignette: number;
  /** Lifted blacks (faded film), 0-255. */
  fade: number;
}

export const OLD_PHOTO: AgedLookOptions = { sepia: 1, contrast: 1.25, grain: 16, vignette: 0.55, fade: 18 };
export const VINTAGE: AgedLookOptions = { sepia: 0.35, contrast: 1.1, grain: 9, vignette: 0.35, fade: 28 };

/**
 * Toning, contrast, faded blacks, film grain and vignette in one pass over the pixels.
 * Grain is drawn per cell of about 1/1000 of the long side, so it looks the same at any size.
 */
export function agedLook(image: RawImage, o: AgedLookOptions): Promise<RawImage> {
  const { width, height } = image;
  return mapRgb(image, (rgb) => {
    const toned = o.sepia > 0 ? sepiaTone(rgb) : rgb;
    const out = new Uint8Array(rgb.length);
    const cell = Math.max(1, Math.round(Math.max(width, height) / 1000));
    const gw = Math.ceil(width / cell);
    const grainRow = new Float32Array(gw);
    const rand = noiseSource(0x5eed);
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    // Elliptical falloff that follows the frame's aspect ratio.
    const inv2 = 1 / (cx * cx + 1e-6);
    const invy2 = 1 / (cy * cy + 1e-6);
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v += 1) lut[v] = clampByte(o.fade + ((v - 128) * o.contrast + 128) * (1 - o.fade / 255));
    const s = o.sepia;
    const warm = 1 - s;
    for (let y = 0; y < height; y += 1) {
      if (y % cell === 0) for (let g = 0; g < gw; g += 1) grainRow[g] = (rand() + rand() - 1) * o.grain;
      const dy = (y - cy) * (y - cy) * invy2;
      for (let x = 0; x < width; x += 1) {
        const j = (y * width + x) * 3;
        const d = (x - cx) * (x - cx) * inv2 + dy;
        const v = 1 - o.vignette * Math.min(1, Math.max(0, d - 0.35) * 0.8);
        const n = grainRow[(x / cell) | 0]!;
        // Blend the sepia print with the original, slightly warmed, colours.
        const r = toned[j]! * s + rgb[j]! * warm * 1.04;
        const g = toned[j + 1]! * s + rgb[j + 1]! * warm;
        const b = toned[j + 2]! * s + rgb[j + 2]! * warm * 0.88;
        out[j] = clampByte(lut[clampByte(r)]! * v + n);
        out[j + 1] = clampByte(lut[clampByte(g)]! * v + n);
        out[j + 2] = clampByte(lut[clampByte(b)]! * v + n);
      }
    }
    return out;
  });
}

export const oldPhoto = (image: RawImage): Promise<RawImage> => agedLook(image, OLD_PHOTO);
export const vintage = (image: RawImage): Promise<RawImage> => agedLook(image, VINTAGE);
