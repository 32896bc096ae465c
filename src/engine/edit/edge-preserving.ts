// Edge-preserving smoothing by the domain transform recursive filter
// (Gastal & Oliveira, SIGGRAPH 2011): flattens texture, keeps edges, O(1) per pixel.
import { yieldToLoop } from './raw.js';

export interface SmoothOptions {
  /** Spatial extent in pixels. */
  sigmaSpace: number;
  /** Range extent in 0-1 colour units: smaller keeps more edges. */
  sigmaRange: number;
  iterations?: number;
}

/** Smooths interleaved RGB; returns a new buffer. Yields to the event loop between passes. */
export async function smoothEdgePreserving(
  rgb: Uint8Array,
  width: number,
  height: number,
  opts: SmoothOptions,
): Promise<Uint8Array> {
  const n = width * height;
  const iterations = opts.iterations ?? 3;
  const img = new Float32Array(n * 3);
  for (let i = 0; i < n * 3; i += 1) img[i] = rgb[i]! / 255;
  const ratio = opts.sigmaSpace / opts.sigmaRange;
  // Distances in the transformed domain, from the original image (not the filtered one).
  const dh = new Float32Array(n);
  const dv = new Float32Array(n);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const j = i * 3;
      if (x > 0) {
        const k = j - 3;
        dh[i] =
          1 +
          ratio *
            (Math.abs(img[j]! - img[k]!) + Math.abs(img[j + 1]! - img[k + 1]!) + Math.abs(img[j + 2]! - img[k + 2]!));
      }
      if (y > 0) {
        const k = j - width * 3;
        dv[i] =
          1 +
          ratio *
            (Math.abs(img[j]! - img[k]!) + Math.abs(img[j + 1]! - img[k + 1]!) + Math.abs(img[j + 2]! - img[k + 2]!));
      }
    }
  }
  await yieldToLoop();
  const weights = new Float32Array(n);
  for (let it = 0; it < iterations; it += 1) {
    const sigmaH = (opts.sigmaSpace * Math.sqrt(3) * 2 ** (iterations - it - 1)) / Math.sqrt(4 ** iterations - 1);
    const lnA = -Math.SQRT2 / sigmaH;
    for (let i = 0; i < n; i += 1) weights[i] = Math.exp(lnA * dh[i]!);
    for (let y = 0; y < height; y += 1) {
      const row = y * width;
      for (let x = 1; x < width; x += 1) {
        const w = weights[row + x]!;
        const j = (row + x) * 3;
        img[j] = img[j]! + w * (img[j - 3]! - img[j]!);
        img[j + 1] = img[j + 1]! + w * (img[j - 2]! - img[j + 1]!);
        img[j + 2] = img[j + 2]! + w * (img[j - 1]! - img[j + 2]!);
      }
      for (let x = width - 2; x >= 0; x -= 1) {
        const w = weights[row + x + 1]!;
        const j = (row + x) * 3;
        img[j] = img[j]! + w * (img[j + 3]! - img[j]!);
        img[j + 1] = img[j + 1]! + w * (img[j + 4]! - img[j + 1]!);
        img[j + 2] = img[j + 2]! + w * (img[j + 5]! - img[j + 2]!);
      }
    }
    await yieldToLoop();
    for (let i = 0; i < n; i += 1) weights[i] = Math.exp(lnA * dv[i]!);
    const stride = width * 3;
    for (let y = 1; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const w = weights[y * width + x]!;
        const j = (y * width + x) * 3;
        img[j] = img[j]! + w * (img[j - stride]! - img[j]!);
        img[j + 1] = img[j + 1]! + w * (img[j + 1 - stride]! - img[j + 1]!);
        img[j + 2] = img[j + 2]! + w * (img[j + 2 - stride]! - img[j + 2]!);
      }
    }
    for (let y = height - 2; y >= 0; y -= 1) {
      for (let x = 0; x < width; x += 1) {
        const w = weights[(y + 1) * width + x]!;
        const j = (y * width + x) * 3;
        img[j] = img[j]! + w * (img[j + stride]! - img[j]!);
        img[j + 1] = img[j + 1]! + w * (img[j + 1 + stride]! - img[j + 1]!);
        img[j + 2] = img[j + 2]! + w * (img[j + 2 + stride]! - img[j + 2]!);
      }
    }
    await yieldToLoop();
  }
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n * 3; i += 1) {
    const v = img[i]! * 255;
    out[i] = v < 0 ? 0 : v > 255 ? 255 : (v + 0.5) | 0;
  }
  return out;
}
