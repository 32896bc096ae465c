// Canny edges with thresholds from the image itself: 0.67x and 1.33x the
// median brightness (the usual "auto Canny"), after a blur that grows with the
// image so a 4000 px photo does not turn into texture noise.
import type { RawImage } from '../types.js';
import { rgbMat, withMats, type OpenCv } from './opencv.js';

/** Spread around the median: lower = (1 - s) * median, upper = (1 + s) * median. */
export const AUTO_CANNY_SPREAD = 0.33;

export interface EdgeMap {
  /** 255 on edges, 0 elsewhere; width*height. */
  edges: Uint8Array;
  low: number;
  high: number;
}

/** Median of 8-bit values by histogram. */
export function median8(values: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < values.length; i++) hist[values[i] ?? 0]!++;
  const half = values.length / 2;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] ?? 0;
    if (seen >= half) return v;
  }
  return 255;
}

/** Thresholds for a median; a floor keeps near-black images from edging their noise. */
export function autoThresholds(median: number, spread = AUTO_CANNY_SPREAD): { low: number; high: number } {
  const low = Math.max(10, Math.round((1 - spread) * median));
  const high = Math.max(low * 2, Math.min(255, Math.round((1 + spread) * median)));
  return { low, high };
}

export function autoCanny(cv: OpenCv, image: RawImage): EdgeMap {
  return withMats((track) => {
    const rgb = track(rgbMat(cv, image));
    const gray = track(new cv.Mat());
    cv.cvtColor(rgb, gray, cv.COLOR_RGB2GRAY);
    const sigma = Math.max(1, Math.max(image.width, image.height) / 1000);
    const k = 2 * Math.ceil(sigma * 2.5) + 1;
    const blurred = track(new cv.Mat());
    cv.GaussianBlur(gray, blurred, new cv.Size(k, k), sigma, sigma, cv.BORDER_DEFAULT);
    const { low, high } = autoThresholds(median8(blurred.data));
    const edges = track(new cv.Mat());
    cv.Canny(blurred, edges, low, high, 3, true);
    return { edges: Uint8Array.from(edges.data), low, high };
  });
}
