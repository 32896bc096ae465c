// CenterNet's `tower_0/detections` output -> scored, labelled boxes in the
// original image's pixels, with our own non-maximum suppression.
import type { Region } from '../types.js';
import { COCO_CLASSES } from '../../common/coco-labels.js';

/** Values per detection row: x1, y1, x2, y2 (input pixels), score, class index. */
export const DETECTION_STRIDE = 6;

export interface DecodeOptions {
  /** Side of the square model input the boxes are measured in. */
  inputSize: number;
  /** Original image size: boxes are scaled back to it (the input was stretched). */
  width: number;
  height: number;
  minScore: number;
}

/** All rows at or above `minScore`, clipped to the image; rows with no class or no area are dropped. */
export function decodeDetections(raw: ArrayLike<number>, opts: DecodeOptions): Region[] {
  const sx = opts.width / opts.inputSize;
  const sy = opts.height / opts.inputSize;
  const clip = (v: number, max: number): number => Math.min(max, Math.max(0, v));
  const regions: Region[] = [];
  for (let i = 0; i + DETECTION_STRIDE <= raw.length; i += DETECTION_STRIDE) {
    const score = raw[i + 4] ?? NaN;
    const classIndex = raw[i + 5] ?? NaN;
    if (!(score >= opts.minScore) || !Number.isInteger(classIndex)) continue;
    const cls = COCO_CLASSES[classIndex];
    if (!cls) continue;
    const x1 = clip((raw[i] ?? 0) * sx, opts.width);
    const y1 = clip((raw[i + 1] ?? 0) * sy, opts.height);
    const x2 = clip((raw[i + 2] ?? 0) * sx, opts.width);
    const y2 = clip((raw[i + 3] ?? 0) * sy, opts.height);
    if (x2 - x1 < 1 || y2 - y1 < 1) continue;
    regions.push({ label: cls.label, score: Math.min(1, score), box: [x1, y1, x2, y2] });
  }
  return regions;
}

export function iou(a: Region['box'], b: Region['box']): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

export interface NmsOptions {
  /** Same-class boxes overlapping more than this are one object. */
  sameClassIou: number;
  /**
   * Boxes of different classes overlapping more than this are one object seen
   * two ways (cat 0.48 / dog 0.37 on the same box): only the best label stays.
   * Kept high so a rider on a motorcycle keeps both boxes.
   */
  crossClassIou: number;
  maxDetections: number;
}

export const DEFAULT_NMS: NmsOptions = { sameClassIou: 0.5, crossClassIou: 0.8, maxDetections: 50 };

/** Greedy NMS, best score first; returns regions sorted by score. */
export function nonMaxSuppression(regions: readonly Region[], opts: NmsOptions = DEFAULT_NMS): Region[] {
  const sorted = [...regions].sort((a, b) => b.score - a.score);
  const kept: Region[] = [];
  for (const r of sorted) {
    if (kept.length >= opts.maxDetections) break;
    const suppressed = kept.some(
      (k) => iou(k.box, r.box) > (k.label === r.label ? opts.sameClassIou : opts.crossClassIou),
    );
    if (!suppressed) kept.push(r);
  }
  return kept;
}
