import { boxMean } from '../box-filter.js';
import { atWorkingSize, yieldToLoop, WORKING_SIDE, type RawImage } from '../raw.js';

/**
 * Kuwahara filter: each pixel takes the mean colour of whichever of its four
 * neighbouring squares has the least luminance variance, which flattens areas into
 * strokes while keeping edges sharp. Box means come from running sums.
 */
export async function kuwahara(rgb: Uint8Array, width: number, height: number, radius: number): Promise<Uint8Array> {
  const n = width * height;
  const half = Math.max(1, Math.round(radius / 2));
  const planes = [
    new Float32Array(n),
    new Float32Array(n),
    new Float32Array(n),
    new Float32Array(n),
    new Float32Array(n),
  ];
  const [pr, pg, pb, pl, pl2] = planes as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0, j = 0; i < n; i += 1, j += 3) {
    pr[i] = rgb[j]!;
    pg[i] = rgb[j + 1]!;
    pb[i] = rgb[j + 2]!;
    const l = 0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!;
    pl[i] = l;
    pl2[i] = l * l;
  }
  const means: Float32Array[] = [];
  for (const p of planes) {
    means.push(boxMean(p, width, height, half));
    await yieldToLoop();
  }
  const [mr, mg, mb, ml, ml2] = means as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const out = new Uint8Array(n * 3);
  for (let y = 0; y < height; y += 1) {
    const ys = [Math.max(0, y - half), Math.min(height - 1, y + half)];
    for (let x = 0; x < width; x += 1) {
      const xs0 = Math.max(0, x - half);
      const xs1 = Math.min(width - 1, x + half);
      let best = 0;
      let bestVar = Infinity;
      for (let q = 0; q < 4; q += 1) {
        const k = ys[q >> 1]! * width + (q & 1 ? xs1 : xs0);
        const m = ml[k]!;
        const v = ml2[k]! - m * m;
        if (v < bestVar) {
          bestVar = v;
          best = k;
        }
      }
      const j = (y * width + x) * 3;
      out[j] = mr[best]!;
      out[j + 1] = mg[best]!;
      out[j + 2] = mb[best]!;
    }
  }
  return out;
}

/** Oil painting: Kuwahara strokes, richer colour, and a faint relief of paint ridges lit from the top left. */
export function oilPaint(image: RawImage): Promise<RawImage> {
  return atWorkingSize(image, WORKING_SIDE, async (rgb, width, height, ws) => {
    const painted = await kuwahara(rgb, width, height, Math.max(2, 7 * ws));
    const n = width * height;
    const out = new Uint8Array(n * 3);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        const j = i * 3;
        const a = (Math.max(0, y - 1) * width + Math.max(0, x - 1)) * 3;
        const b = (Math.min(height - 1, y + 1) * width + Math.min(width - 1, x + 1)) * 3;
        const la = painted[a]! + painted[a + 1]! + painted[a + 2]!;
        const lb = painted[b]! + painted[b + 1]! + painted[b + 2]!;
        const relief = (la - lb) * 0.06;
        const l = 0.299 * painted[j]! + 0.587 * painted[j + 1]! + 0.114 * painted[j + 2]!;
        for (let c = 0; c < 3; c += 1) {
          const v = l + (painted[j + c]! - l) * 1.25 + relief;
          out[j + c] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
    }
    return out;
  });
}
