import { drawOutlines } from '../engine/index.js';
import type { RawImage, Region } from '../engine/index.js';
import type { Annotation } from './types.js';

/** Qwen-VL style coordinates: each axis mapped to 0-1000 of the image. */
export function toBox1000(
  box: [number, number, number, number],
  width: number,
  height: number,
): [number, number, number, number] {
  const sx = 1000 / width;
  const sy = 1000 / height;
  const clamp = (v: number) => Math.max(0, Math.min(1000, Math.round(v)));
  return [clamp(box[0] * sx), clamp(box[1] * sy), clamp(box[2] * sx), clamp(box[3] * sy)];
}

export function regionsToAnnotations(
  regions: readonly Region[],
  kind: Annotation['kind'],
  width: number,
  height: number,
): Annotation[] {
  return regions.map((r) => ({
    kind,
    label: r.label,
    score: Math.round(r.score * 1000) / 1000,
    box: r.box.map((v) => Math.round(v)) as [number, number, number, number],
    box1000: toBox1000(r.box, width, height),
    ...(r.polygon ? { polygon: r.polygon.map(([x, y]) => [Math.round(x), Math.round(y)] as [number, number]) } : {}),
  }));
}

/**
 * Draws numbered outlines over the image. Labels are numbers (the reply lists
 * what each number is), so no font is needed for any script.
 */
export function drawAnnotations(image: RawImage, annotations: readonly Annotation[]): Promise<RawImage> {
  return drawOutlines(image, annotations);
}
