// The mask of one detected object. GrabCut from the detector's box is the
// default. When the user installed the IS-Net plugin, its salient-object mask
// does the work: inside a box that holds no other detected object it IS the
// object; where other objects overlap the box (a dog in front of a bicycle)
// IS-Net marks both, so GrabCut, seeded by IS-Net, separates them by colour
// and the result keeps only what both call foreground.
import { iou } from '../detect/decode.js';
import type { RawImage } from '../types.js';
import { DEFAULT_GRABCUT, grabCutMask, type Box } from './grabcut.js';
import { dilate, erode, piecesTouching } from './mask-morphology.js';
import type { OpenCv } from './opencv.js';

export type ObjectMaskMethod = 'grabcut' | 'isnet' | 'isnet+grabcut';

/** Detector boxes clip tails and handles a little: IS-Net's mask is read this much beyond the box. */
const SALIENT_GROW = 0.04;
/** Another object overlaps the target when it covers this share of the target's box. */
const OVERLAP_SHARE = 0.05;

function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** Boxes of other objects that cover at least OVERLAP_SHARE of `box`. */
export function overlapping(box: Box, others: readonly Box[]): Box[] {
  const own = area(box);
  return others.filter((o) => {
    const inter: Box = [Math.max(box[0], o[0]), Math.max(box[1], o[1]), Math.min(box[2], o[2]), Math.min(box[3], o[3])];
    return own > 0 && area(inter) >= own * OVERLAP_SHARE;
  });
}

/** Boxes from a detection of every class, minus the target itself (which may carry another label there). */
export function otherObjects(target: Box, all: readonly Box[]): Box[] {
  return all.filter((b) => iou(b, target) < 0.5);
}

/** The salient mask cut to the (slightly grown) box. */
export function salientInBox(salient: Uint8Array, width: number, height: number, box: Box): Uint8Array {
  const gx = (box[2] - box[0]) * SALIENT_GROW;
  const gy = (box[3] - box[1]) * SALIENT_GROW;
  const x1 = Math.max(0, Math.floor(box[0] - gx));
  const y1 = Math.max(0, Math.floor(box[1] - gy));
  const x2 = Math.min(width, Math.ceil(box[2] + gx));
  const y2 = Math.min(height, Math.ceil(box[3] + gy));
  const out = new Uint8Array(width * height);
  for (let y = y1; y < y2; y++) out.set(salient.subarray(y * width + x1, y * width + x2), y * width + x1);
  return out;
}

function covers(mask: Uint8Array): boolean {
  return mask.some((v) => v >= 128);
}

/** The share of the box's sides, at its centre, that is surely the object (GrabCut's core). */
const CORE = 0.3;
/**
 * Bridges thinner than this share of the box's short side are cut before the
 * pieces touching the core are kept. Kept small: 3% cut a person's legs off
 * (IoU 0.88 -> 0.77 on person.jpg) and freed no more of the motorcycle's
 * background, which touches it broadly (`npm run bench masks`).
 */
const BRIDGE = 0.01;

function inside(b: Box, x: number, y: number): boolean {
  return x >= b[0] && x < b[2] && y >= b[1] && y < b[3];
}

/**
 * Keeps a mask on its object: pixels inside another detected object's box and
 * outside the target's (grown a little) go; then only the pieces joined to the
 * box's core by more than a thin bridge stay. Soft edges are kept only around
 * what stays. `mask` is 0-255, width*height; a new array is returned.
 */
export function confineToObject(
  mask: Uint8Array,
  width: number,
  height: number,
  box: Box,
  others: readonly Box[] = [],
): Uint8Array {
  const gx = (box[2] - box[0]) * SALIENT_GROW;
  const gy = (box[3] - box[1]) * SALIENT_GROW;
  const grown: Box = [box[0] - gx, box[1] - gy, box[2] + gx, box[3] + gy];
  const cx = (box[0] + box[2]) / 2;
  const cy = (box[1] + box[3]) / 2;
  const ax = Math.max(1, ((box[2] - box[0]) * CORE) / 2);
  const ay = Math.max(1, ((box[3] - box[1]) * CORE) / 2);
  // Objects in front of the target (smaller boxes not holding its centre) are no part of its core.
  const inFront = others.filter((o) => area(o) < area(box) && !inside(o, cx, cy));
  const bin = new Uint8Array(width * height);
  const core = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2 <= 1 && !inFront.some((o) => inside(o, x, y))) core[i] = 1;
      if ((mask[i] ?? 0) < 128) continue;
      if (!inside(grown, x, y) && others.some((o) => inside(o, x, y))) continue;
      bin[i] = 1;
    }
  }
  const r = Math.max(1, Math.round(Math.min(box[2] - box[0], box[3] - box[1]) * BRIDGE));
  let kept = piecesTouching(erode(bin, width, height, r), core, width, height);
  if (!kept.some((v) => v === 1)) kept = piecesTouching(bin, core, width, height);
  else {
    // The opening's shape back, but not across the bridges it cut.
    const restored = dilate(kept, width, height, r + 1);
    for (let i = 0; i < restored.length; i++) restored[i] = restored[i]! & bin[i]!;
    kept = piecesTouching(restored, core, width, height);
  }
  const near = dilate(kept, width, height, 2);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) if (near[i]) out[i] = kept[i] ? (mask[i] ?? 0) : Math.min(127, mask[i] ?? 0);
  return out;
}

export interface ObjectMask {
  mask: Uint8Array;
  method: ObjectMaskMethod;
}

/**
 * Mask (0-255) of the object in `box`. `salient` is IS-Net's mask of the whole
 * image when the plugin is installed; `others` are the boxes of the other
 * objects the detector found.
 */
export function objectMask(
  cv: OpenCv,
  image: RawImage,
  box: Box,
  salient?: Uint8Array,
  others: readonly Box[] = [],
): ObjectMask {
  const { width, height } = image;
  const near = overlapping(box, others);
  if (salient) {
    const inBox = salientInBox(salient, width, height, box);
    // IS-Net saw nothing salient here (a small object in a busy scene): GrabCut alone.
    if (covers(inBox)) {
      if (near.length === 0) return { mask: inBox, method: 'isnet' };
      const cut = grabCutMask(cv, image, box, DEFAULT_GRABCUT, salient);
      const both = inBox.map((v, i) => Math.min(v, cut[i]!));
      if (covers(both)) return { mask: both, method: 'isnet+grabcut' };
    }
  }
  return { mask: confineToObject(grabCutMask(cv, image, box), width, height, box, others), method: 'grabcut' };
}
