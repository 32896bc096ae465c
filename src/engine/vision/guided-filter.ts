// The guided filter (He, Sun and Tang, 2010) with a colour guide: a coarse
// mask (selfie's 256x256 probabilities scaled up) is made to follow the
// edges of the photo. Each output pixel is a local linear function of the
// guide's colour, fitted over a (2r+1)² window; box sums come from integral
// images, so the cost is O(pixels) whatever the radius.
import type { RawImage } from '../types.js';
import type { Box } from './grabcut.js';

export interface GuidedFilterOptions {
  /** Window radius in pixels. */
  radius: number;
  /** Regularisation (guide in 0-1): larger keeps the input smoother, smaller follows the guide's edges harder. */
  eps: number;
}

/** Sums of `v` over (2r+1)² windows clamped to the w x h area, one per pixel (integral image). */
function boxSum(v: Float64Array, w: number, h: number, r: number): Float64Array {
  const stride = w + 1;
  const integral = new Float64Array(stride * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += v[y * w + x]!;
      integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1]! + row;
    }
  }
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const y1 = Math.max(0, y - r);
    const y2 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x1 = Math.max(0, x - r);
      const x2 = Math.min(w, x + r + 1);
      out[y * w + x] =
        integral[y2 * stride + x2]! -
        integral[y1 * stride + x2]! -
        integral[y2 * stride + x1]! +
        integral[y1 * stride + x1]!;
    }
  }
  return out;
}

/**
 * `p` (0-1, image width x height) filtered with the image as guide, inside
 * `region` only (pixels of the image; elsewhere `p` is copied). Returns a new
 * array, values clamped to 0-1.
 */
export function guidedFilter(image: RawImage, p: Float32Array, region: Box, opts: GuidedFilterOptions): Float32Array {
  const { width, height, channels, data } = image;
  const x0 = Math.max(0, Math.floor(region[0]));
  const y0 = Math.max(0, Math.floor(region[1]));
  const w = Math.min(width, Math.ceil(region[2])) - x0;
  const h = Math.min(height, Math.ceil(region[3])) - y0;
  const out = Float32Array.from(p);
  if (w <= 0 || h <= 0) return out;
  const n = w * h;
  const r = opts.radius;
  const I: [Float64Array, Float64Array, Float64Array] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const P = new Float64Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const j = ((y0 + y) * width + x0 + x) * channels;
      I[0][i] = data[j]! / 255;
      I[1][i] = data[j + 1]! / 255;
      I[2][i] = data[j + 2]! / 255;
      P[i] = p[(y0 + y) * width + x0 + x]!;
    }
  }
  const count = boxSum(new Float64Array(n).fill(1), w, h, r);
  const mean = (v: Float64Array): Float64Array => {
    const s = boxSum(v, w, h, r);
    for (let i = 0; i < n; i++) s[i]! /= count[i]!;
    return s;
  };
  const product = (a: Float64Array, b: Float64Array): Float64Array => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = a[i]! * b[i]!;
    return v;
  };
  const mI = I.map(mean);
  const mP = mean(P);
  const mIP = I.map((c) => mean(product(c, P)));
  // Covariance of the guide's channels (upper triangle) in each window.
  const pairs: [number, number][] = [
    [0, 0],
    [0, 1],
    [0, 2],
    [1, 1],
    [1, 2],
    [2, 2],
  ];
  const cov = pairs.map(([a, b]) => {
    const m = mean(product(I[a]!, I[b]!));
    for (let i = 0; i < n; i++) m[i]! -= mI[a]![i]! * mI[b]![i]!;
    return m;
  });
  const A = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const B = new Float64Array(n);
  const eps = opts.eps;
  for (let i = 0; i < n; i++) {
    // (Σ + eps·I)⁻¹ · cov(I, p), by the adjugate of the symmetric 3x3 matrix.
    const a = cov[0]![i]! + eps;
    const b = cov[1]![i]!;
    const c = cov[2]![i]!;
    const d = cov[3]![i]! + eps;
    const e = cov[4]![i]!;
    const f = cov[5]![i]! + eps;
    const i00 = d * f - e * e;
    const i01 = c * e - b * f;
    const i02 = b * e - c * d;
    const i11 = a * f - c * c;
    const i12 = b * c - a * e;
    const i22 = a * d - b * b;
    const det = a * i00 + b * i01 + c * i02;
    const v0 = mIP[0]![i]! - mI[0]![i]! * mP[i]!;
    const v1 = mIP[1]![i]! - mI[1]![i]! * mP[i]!;
    const v2 = mIP[2]![i]! - mI[2]![i]! * mP[i]!;
    const a0 = (i00 * v0 + i01 * v1 + i02 * v2) / det;
    const a1 = (i01 * v0 + i11 * v1 + i12 * v2) / det;
    const a2 = (i02 * v0 + i12 * v1 + i22 * v2) / det;
    A[0]![i] = a0;
    A[1]![i] = a1;
    A[2]![i] = a2;
    B[i] = mP[i]! - a0 * mI[0]![i]! - a1 * mI[1]![i]! - a2 * mI[2]![i]!;
  }
  const mA = A.map(mean);
  const mB = mean(B);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const q = mA[0]![i]! * I[0][i]! + mA[1]![i]! * I[1][i]! + mA[2]![i]! * I[2][i]! + mB[i]!;
      out[(y0 + y) * width + x0 + x] = Math.max(0, Math.min(1, q));
    }
  }
  return out;
}
