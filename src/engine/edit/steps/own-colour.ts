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
/** Around the colour's own centre, full weight within 1.5 deviations (8-15 degrees), fading over 8 more. */
const HUE_MIN_FULL = 8;
const HUE_FADE = 8;
const HUE_MAX_FULL = 15;
/** The mean-shift window (degrees either side) that finds the colour's centre. */
const HUE_WINDOW = 10;
/** The dominant hue must hold this share of the cut-out's (weighted) pixels to count as the object's colour. */
const DOMINANT_SHARE = 0.3;
/** A smaller share will do for a hue that is mostly the cut-out's: this much of the hue's density is inside it. */
const DISTINCT_SHARE = 0.05;
const DISTINCT_FROM = 0.75;

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
  // Coloured mass per hue bin, inside the cut-out and in everything else.
  const inside = new Float64Array(BINS);
  const outside = new Float64Array(BINS);
  let total = 0;
  let rest = 0;
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    const w = weightOf(i);
    const { hue, sat, value } = hueSat(data[j]!, data[j + 1]!, data[j + 2]!);
    const coloured = ramp(sat, SAT_FROM, SAT_FULL) * (value >= VALUE_FROM ? 1 : 0);
    const bin = Math.floor(hue / (360 / BINS)) % BINS;
    if (w > 0) {
      total += w;
      inside[bin]! += w * coloured;
    } else {
      rest++;
      outside[bin]! += coloured;
    }
  }
  if (total === 0) return undefined;
  // The object's colour is a hue it has much of AND that is rarer in everything else: a bicycle's red frame, not
  // the yellow wall seen through its wheels that fills more of a rough cut-out but also the rest of the picture.
  const smooth = (h: Float64Array, b: number) => h[(b + BINS - 1) % BINS]! + h[b]! + h[(b + 1) % BINS]!;
  const distinct = (b: number) => {
    const pin = smooth(inside, b) / total;
    // Nothing outside the cut-out to compare with: every hue is as distinct as the next.
    if (rest === 0) return 1;
    const pout = smooth(outside, b) / rest;
    return pin + pout > 0 ? pin / (pin + pout) : 0;
  };
  // Per hue: its share of the cut-out (near that hue) and how much more of it the cut-out has than the rest.
  const shareNear = (b: number) => {
    const centre = (b + 0.5) * (360 / BINS);
    let near = 0;
    for (let k = 0; k < BINS; k++) {
      if (hueDistance((k + 0.5) * (360 / BINS), centre) <= HUE_FULL + 360 / BINS / 2) near += inside[k]!;
    }
    return near / total;
  };
  const hues = Array.from({ length: BINS }, (_, b) => ({ b, share: shareNear(b), distinct: distinct(b) }));
  const largest = Math.max(...hues.map((h) => h.share));
  // First the most distinct hue of some size (the frame's red against a wall the cut-out took along); else the
  // hue most of the cut-out has; else none.
  const distinctive = hues
    .filter((h) => rest > 0 && h.share >= Math.max(DISTINCT_SHARE, largest * 0.15) && h.distinct >= DISTINCT_FROM)
    .sort((x, y) => y.distinct - x.distinct || y.share - x.share)[0];
  const dominant = hues.filter((h) => h.share >= DOMINANT_SHARE).sort((x, y) => y.share - x.share)[0];
  const chosen = distinctive ?? dominant;
  if (!chosen) return undefined;
  // The colour's own centre and spread: a few mean-shift steps over the cut-out's hues from the chosen bin, in a
  // window narrow enough that a neighbouring hue (the motorcycle's red against the wood behind it) stays out.
  const samples: { hue: number; w: number }[] = [];
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    const w = weightOf(i);
    if (w === 0) continue;
    const { hue, sat, value } = hueSat(data[j]!, data[j + 1]!, data[j + 2]!);
    const c = w * ramp(sat, SAT_FROM, SAT_FULL) * (value >= VALUE_FROM ? 1 : 0);
    if (c > 0 && hueDistance(hue, (chosen.b + 0.5) * (360 / BINS)) <= HUE_ZERO) samples.push({ hue, w: c });
  }
  let centre = (chosen.b + 0.5) * (360 / BINS);
  let spread = HUE_FULL;
  for (let step = 0; step < 4; step++) {
    let sx = 0;
    let sy = 0;
    let sw = 0;
    for (const p of samples) {
      if (hueDistance(p.hue, centre) > HUE_WINDOW) continue;
      sx += p.w * Math.cos((p.hue * Math.PI) / 180);
      sy += p.w * Math.sin((p.hue * Math.PI) / 180);
      sw += p.w;
    }
    if (sw === 0) break;
    centre = ((Math.atan2(sy, sx) * 180) / Math.PI + 360) % 360;
    let v = 0;
    for (const p of samples) if (hueDistance(p.hue, centre) <= HUE_WINDOW) v += p.w * hueDistance(p.hue, centre) ** 2;
    spread = Math.sqrt(v / sw);
  }
  const full = Math.max(HUE_MIN_FULL, Math.min(HUE_MAX_FULL, 1.5 * spread));
  const zero = full + HUE_FADE;
  const weights = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    if (weightOf(i) === 0) continue;
    const { hue, sat, value } = hueSat(data[j]!, data[j + 1]!, data[j + 2]!);
    const coloured = ramp(sat, SAT_FROM, SAT_FULL) * ramp(value, VALUE_FROM * 0.5, VALUE_FROM);
    const close = 1 - ramp(hueDistance(hue, centre), full, zero);
    weights[i] = coloured * close;
  }
  return weights;
}
