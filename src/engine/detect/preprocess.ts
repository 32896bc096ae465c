// Image -> the detector's square float input: RGB, 0-255, stretched to the
// input size (the way the model was fed in Human), NHWC.
import type { RawImage } from '../types.js';

/**
 * Resamples to `size` x `size` RGB floats. Shrinking averages every source
 * pixel under a target pixel (no aliasing on 4000 px photos); enlarging is
 * bilinear.
 */
export function toSquareRgb(image: RawImage, size: number): Float32Array {
  const { width, height, channels, data } = image;
  const out = new Float32Array(size * size * 3);
  const sx = width / size;
  const sy = height / size;
  if (sx <= 1 && sy <= 1) {
    for (let y = 0; y < size; y++) {
      const fy = Math.min(height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
      const y0 = Math.floor(fy);
      const y1 = Math.min(height - 1, y0 + 1);
      const wy = fy - y0;
      for (let x = 0; x < size; x++) {
        const fx = Math.min(width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
        const x0 = Math.floor(fx);
        const x1 = Math.min(width - 1, x0 + 1);
        const wx = fx - x0;
        const o = (y * size + x) * 3;
        for (let c = 0; c < 3; c++) {
          const a = data[(y0 * width + x0) * channels + c] ?? 0;
          const b = data[(y0 * width + x1) * channels + c] ?? 0;
          const d = data[(y1 * width + x0) * channels + c] ?? 0;
          const e = data[(y1 * width + x1) * channels + c] ?? 0;
          out[o + c] = (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
        }
      }
    }
    return out;
  }
  // Area average over integer source spans (each target pixel covers >= 1 source pixel on the shrunk axis).
  for (let y = 0; y < size; y++) {
    const ya = Math.floor(y * sy);
    const yb = Math.max(ya + 1, Math.min(height, Math.floor((y + 1) * sy)));
    for (let x = 0; x < size; x++) {
      const xa = Math.floor(x * sx);
      const xb = Math.max(xa + 1, Math.min(width, Math.floor((x + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = ya; yy < yb; yy++) {
        let i = (yy * width + xa) * channels;
        for (let xx = xa; xx < xb; xx++, i += channels) {
          r += data[i] ?? 0;
          g += data[i + 1] ?? 0;
          b += data[i + 2] ?? 0;
        }
      }
      const n = (yb - ya) * (xb - xa);
      const o = (y * size + x) * 3;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
  }
  return out;
}
