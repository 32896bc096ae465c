// Which pixels of a cut-out are the object's own colour. "Make the motorcycle blue" means its red paint: not its
// black tyres and chrome, and not the wall seen through its wheels that a rough cut-out took along. When most of an
// object is one hue, a recolour weights each pixel by how close it is to that hue; a grey or many-coloured object
// has no such hue, and the whole cut-out is recoloured.
import type { RawImage } from '../raw.js';

const BINS = 36;
/** Saturation (HSV) from which a pixel counts as coloured, and where its weight reaches full. */
const SAT_FROM = 0.12;
const SAT_FULL = 0.25;
/** Darker pixels carry no reliable hue. */
const VALUE_FROM = 28;
/** Hue distance (degrees) of full weight, and where the weight has fallen to 0. */
const HUE_FULL = 22;
const HUE_ZERO = 45;
/** The dominant hue must hold this share of the cut-out's (weighted) pixels to count as the object's colour. */
const DOMINANT_SHARE = 0.3;

function hueSat(r: number, g: number, b: number): { hue: number; sat: number; value: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const sat = max === 0 ? 0 : d / max;
  let hue = 0;
  if (d > 0) {
    if (max === r) hue = ((g - b) / d) % 6;
    else if (max === g) hue = (b - r) / d + 2;
    else hue = (r - g) / d + 4;
    hue *= 60;
    if (hue < 0) hue += 360;
  }
  return { hue, sat, value: max };
}

function ramp(v: number, from: number, full: number): number {
  return Math.max(0, Math.min(1, (v - from) / (full - from)));
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/**
 * Per pixel 0-1: how much it is the object's own colour, for the pixels `weightOf` (the cut-out, 0-1) selects;
 * undefined when the cut-out has no dominant hue (then every selected pixel is the object).
 */
export function ownColourWeights(image: RawImage, weightOf: (i: number) => number): Float32Array | undefined {
  const { width, height, channels, data } = image;
  const n = width * height;
  const hist = new Float64Array(BINS);
  let total = 0;
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    const w = weightOf(i);
    if (w === 0) continue;
    total += w;
    const { hue, sat, value } = hueSat(data[j]!, data[j + 1]!, data[j + 2]!);
    const coloured = ramp(sat, SAT_FROM, SAT_FULL) * (value >= VALUE_FROM ? 1 : 0);
    if (coloured > 0) hist[Math.floor(hue / (360 / BINS)) % BINS]! += w * coloured;
  }
  if (total === 0) return undefined;
  // The peak of the hue histogram smoothed over neighbouring bins (a hue near a bin edge splits).
  let peak = 0;
  let peakMass = -1;
  for (let b = 0; b < BINS; b++) {
    const mass = hist[(b + BINS - 1) % BINS]! + hist[b]! + hist[(b + 1) % BINS]!;
    if (mass > peakMass) {
      peakMass = mass;
      peak = b;
    }
  }
  const centre = (peak + 0.5) * (360 / BINS);
  let near = 0;
  for (let b = 0; b < BINS; b++) {
    if (hueDistance((b + 0.5) * (360 / BINS), centre) <= HUE_FULL + 360 / BINS / 2) near += hist[b]!;
  }
  if (near < total * DOMINANT_SHARE) return undefined;
  const weights = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    if (weightOf(i) === 0) continue;
    const { hue, sat, value } = hueSat(data[j]!, data[j + 1]!, data[j + 2]!);
    const coloured = ramp(sat, SAT_FROM, SAT_FULL) * ramp(value, VALUE_FROM * 0.5, VALUE_FROM);
    const close = 1 - ramp(hueDistance(hue, centre), HUE_FULL, HUE_ZERO);
    weights[i] = coloured * close;
  }
  return weights;
}
