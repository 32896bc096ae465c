// GrabCut's starting colour models, made here instead of by OpenCV. OpenCV
// seeds them with k-means from a global random generator that opencv.js does
// not let us seed, so the same photo could give a different mask on each run.
// These models are built by a deterministic k-means, laid out as OpenCV's
// GMM stores them, and handed to cv.grabCut in GC_EVAL mode, which then
// refines them exactly as it would its own.

/** Gaussians per colour model (OpenCV's componentsCount). */
export const GMM_COMPONENTS = 5;
/** One model: per component a weight, a mean (3) and a covariance (3x3). */
export const GMM_MODEL_SIZE = GMM_COMPONENTS * 13;
/** Pixels sampled per side at most: k-means on more changes the start, not the result. */
const MAX_SAMPLES = 4000;
const KMEANS_ROUNDS = 10;
/** Added to the covariance diagonal, as OpenCV does, so a flat colour stays invertible. */
const VARIANCE_FLOOR = 0.01;

/**
 * A model (GMM_MODEL_SIZE doubles: weights, then means, then covariances) of
 * the RGB pixels `rgb[3i..3i+2]` for which `select(i)` holds. Undefined when
 * no pixel is selected.
 */
export function initialGmm(rgb: Uint8Array, pixels: number, select: (i: number) => boolean): Float64Array | undefined {
  let count = 0;
  for (let i = 0; i < pixels; i++) if (select(i)) count++;
  if (count === 0) return undefined;
  // Every step-th selected pixel: the same samples for the same image.
  const step = Math.max(1, Math.floor(count / MAX_SAMPLES));
  const samples: number[] = [];
  for (let i = 0, seen = 0; i < pixels; i++) {
    if (!select(i)) continue;
    if (seen++ % step === 0) samples.push(rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!);
  }
  const n = samples.length / 3;
  const k = Math.min(GMM_COMPONENTS, n);
  const centres = quantileCentres(samples, n, k);
  const assign = new Int32Array(n);
  for (let round = 0; round < KMEANS_ROUNDS; round++) {
    let moved = false;
    for (let s = 0; s < n; s++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d =
          (samples[s * 3]! - centres[c * 3]!) ** 2 +
          (samples[s * 3 + 1]! - centres[c * 3 + 1]!) ** 2 +
          (samples[s * 3 + 2]! - centres[c * 3 + 2]!) ** 2;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (assign[s] !== best) moved = true;
      assign[s] = best;
    }
    const sums = new Float64Array(k * 4);
    for (let s = 0; s < n; s++) {
      const c = assign[s]!;
      for (let ch = 0; ch < 3; ch++) sums[c * 4 + ch]! += samples[s * 3 + ch]!;
      sums[c * 4 + 3]! += 1;
    }
    for (let c = 0; c < k; c++) {
      const m = sums[c * 4 + 3]!;
      if (m > 0) for (let ch = 0; ch < 3; ch++) centres[c * 3 + ch] = sums[c * 4 + ch]! / m;
    }
    if (!moved && round > 0) break;
  }
  return gmmFromClusters(samples, n, assign, k);
}

/** Starting centres: the samples at evenly spaced luminance quantiles. */
function quantileCentres(samples: number[], n: number, k: number): Float64Array {
  const order = Array.from({ length: n }, (_, s) => s);
  const luma = (s: number) => 0.299 * samples[s * 3]! + 0.587 * samples[s * 3 + 1]! + 0.114 * samples[s * 3 + 2]!;
  order.sort((a, b) => luma(a) - luma(b) || a - b);
  const centres = new Float64Array(k * 3);
  for (let c = 0; c < k; c++) {
    const s = order[Math.min(n - 1, Math.floor(((c + 0.5) / k) * n))]!;
    for (let ch = 0; ch < 3; ch++) centres[c * 3 + ch] = samples[s * 3 + ch]!;
  }
  return centres;
}

function gmmFromClusters(samples: number[], n: number, assign: Int32Array, k: number): Float64Array {
  const model = new Float64Array(GMM_MODEL_SIZE);
  const weights = model.subarray(0, GMM_COMPONENTS);
  const means = model.subarray(GMM_COMPONENTS, GMM_COMPONENTS * 4);
  const covs = model.subarray(GMM_COMPONENTS * 4);
  for (let c = 0; c < k; c++) {
    let m = 0;
    const mean = [0, 0, 0];
    for (let s = 0; s < n; s++) {
      if (assign[s] !== c) continue;
      m++;
      for (let ch = 0; ch < 3; ch++) mean[ch]! += samples[s * 3 + ch]!;
    }
    if (m === 0) continue; // weight 0: OpenCV skips the component
    for (let ch = 0; ch < 3; ch++) mean[ch]! /= m;
    const cov = new Float64Array(9);
    for (let s = 0; s < n; s++) {
      if (assign[s] !== c) continue;
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++)
          cov[a * 3 + b]! += (samples[s * 3 + a]! - mean[a]!) * (samples[s * 3 + b]! - mean[b]!);
      }
    }
    for (let i = 0; i < 9; i++) cov[i]! /= m;
    for (let a = 0; a < 3; a++) cov[a * 3 + a]! += VARIANCE_FLOOR;
    weights[c] = m / n;
    means.set(mean, c * 3);
    covs.set(cov, c * 9);
  }
  return model;
}
