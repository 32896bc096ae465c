// Keeps the detections the user asked for: a class filter, and for "the car
// on the left" the one detection in that place.
import type { Region } from '../types.js';
import type { Target, TargetPick } from './target.js';

function area(r: Region): number {
  return (r.box[2] - r.box[0]) * (r.box[3] - r.box[1]);
}

function centre(r: Region): [number, number] {
  return [(r.box[0] + r.box[2]) / 2, (r.box[1] + r.box[3]) / 2];
}

/** The one region a pick word means; regions must be non-empty. */
export function pickRegion(regions: readonly Region[], pick: TargetPick, width: number, height: number): Region {
  const key: Record<TargetPick, (r: Region) => number> = {
    left: (r) => centre(r)[0],
    right: (r) => -centre(r)[0],
    top: (r) => centre(r)[1],
    bottom: (r) => -centre(r)[1],
    largest: (r) => -area(r),
    smallest: (r) => area(r),
    center: (r) => Math.hypot(centre(r)[0] - width / 2, centre(r)[1] - height / 2),
  };
  const f = key[pick];
  return regions.reduce((best, r) => (f(r) < f(best) ? r : best));
}

/** Regions that match the target, best score first. */
export function selectTarget(regions: readonly Region[], target: Target, width: number, height: number): Region[] {
  if (target.kind === 'all') return [...regions];
  if (target.kind === 'unknown') return [];
  const matching = regions.filter((r) => target.labels.includes(r.label));
  if (matching.length === 0 || !target.pick) return matching;
  return [pickRegion(matching, target.pick, width, height)];
}
