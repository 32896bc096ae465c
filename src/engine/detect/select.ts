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

/**
 * Labels scoring below this are shown as "maybe". Calibrated on the test
 * photos (`npm run bench masks`, detection table): the wrong labels reach 0.49
 * (Chelsea's close-up cat read as a dog, 0.42-0.49) while right ones run from
 * 0.26 to 0.65, so only 0.5 and up is said without a "maybe".
 */
export const MAYBE_BELOW = 0.5;

export function isMaybe(score: number): boolean {
  return score < MAYBE_BELOW;
}

/** COCO kinds the detector confuses with each other: a close-up cat scores as a dog. */
const RELATED_KINDS: readonly (readonly string[])[] = [
  ['bird', 'cat', 'dog', 'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe', 'teddy bear'],
  ['bicycle', 'car', 'motorcycle', 'bus', 'truck', 'train'],
  ['cup', 'wine glass', 'bowl', 'vase', 'bottle'],
];

/**
 * When none of `labels` was found: the best detection of a related kind that
 * the detector itself was unsure of (a "maybe dog" where a cat was asked for),
 * which is likely the asked-for object misread. A confident other kind is not.
 */
export function relatedStandIn(regions: readonly Region[], labels: readonly string[]): Region | undefined {
  const related = new Set(RELATED_KINDS.filter((kinds) => labels.some((l) => kinds.includes(l))).flat());
  const candidates = regions.filter((r) => related.has(r.label) && !labels.includes(r.label) && isMaybe(r.score));
  return candidates.reduce<Region | undefined>((best, r) => (best && best.score >= r.score ? best : r), undefined);
}
