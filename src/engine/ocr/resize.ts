// Separable resampling of interleaved 8-bit pixels with a triangle (bilinear)
// filter that widens when shrinking, so downscaled text does not alias.

interface Taps {
  /** First source index of each output sample. */
  start: Int32Array;
  /** Number of taps of each output sample. */
  count: Int32Array;
  /** Weights, `maxTaps` per output sample. */
  weights: Float32Array;
  maxTaps: number;
}

/** Filter taps mapping `srcLen` samples onto `dstLen` (pixel centres aligned, edges clamped). */
function computeTaps(srcLen: number, dstLen: number): Taps {
  const scale = srcLen / dstLen;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstLen);
  const count = new Int32Array(dstLen);
  const weights = new Float32Array(dstLen * maxTaps);
  for (let i = 0; i < dstLen; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    let lo = Math.ceil(centre - support);
    let hi = Math.floor(centre + support);
    if (lo < 0) lo = 0;
    if (hi > srcLen - 1) hi = srcLen - 1;
    if (hi - lo + 1 > maxTaps) hi = lo + maxTaps - 1;
    let sum = 0;
    for (let j = lo; j <= hi; j++) {
      const w = 1 - Math.abs(j - centre) / support;
      const weight = w > 0 ? w : 0;
      weights[i * maxTaps + (j - lo)] = weight;
      sum += weight;
    }
    if (sum === 0) {
      // A sample that falls between taps (only at clamped edges): take the nearest.
      const nearest = Math.min(srcLen - 1, Math.max(0, Math.round(centre)));
      lo = nearest;
      hi = nearest;
      weights[i * maxTaps] = 1;
      sum = 1;
    }
    for (let j = 0; j <= hi - lo; j++) weights[i * maxTaps + j]! /= sum;
    start[i] = lo;
    count[i] = hi - lo + 1;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Resizes interleaved pixels (`channels` per pixel) to `dstW` x `dstH`.
 * Returns a new Uint8Array with the same number of channels.
 */
export function resizePixels(
  src: Uint8Array,
  srcW: number,
  srcH: number,
  channels: number,
  dstW: number,
  dstH: number,
): Uint8Array {
  if (srcW === dstW && srcH === dstH) return src.slice();
  const h = computeTaps(srcW, dstW);
  const v = computeTaps(srcH, dstH);
  // Horizontal pass into floats (only the source rows the vertical pass needs).
  const mid = new Float32Array(dstW * srcH * channels);
  const rowOut = dstW * channels;
  for (let y = 0; y < srcH; y++) {
    const srcRow = y * srcW * channels;
    const midRow = y * rowOut;
    for (let x = 0; x < dstW; x++) {
      const s = h.start[x]!;
      const n = h.count[x]!;
      const wBase = x * h.maxTaps;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        let p = srcRow + s * channels + c;
        for (let k = 0; k < n; k++, p += channels) acc += src[p]! * h.weights[wBase + k]!;
        mid[midRow + x * channels + c] = acc;
      }
    }
  }
  const out = new Uint8Array(dstW * dstH * channels);
  for (let y = 0; y < dstH; y++) {
    const s = v.start[y]!;
    const n = v.count[y]!;
    const wBase = y * v.maxTaps;
    const outRow = y * rowOut;
    for (let i = 0; i < rowOut; i++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += mid[(s + k) * rowOut + i]! * v.weights[wBase + k]!;
      out[outRow + i] = acc < 0 ? 0 : acc > 255 ? 255 : Math.round(acc);
    }
  }
  return out;
}
