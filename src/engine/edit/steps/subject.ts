// The main subject of a photo for edits that must keep it: aspect crops place
// their window around it, and `background-from` cuts it out. Boxes come from
// the detector (CenterNet) when its pack is installed; none means "centre".
import { COCO_ANIMALS } from '../../../common/coco-labels.js';
import { isScanlineError } from '../../../common/errors.js';
import type { TaskContext } from '../../task-runner.js';
import { MIN_SCORE_ALL } from '../../detect/runner.js';
import { isMaybe } from '../../detect/select.js';
import type { RawImage, Region } from '../../types.js';

export type Box = [number, number, number, number];

/** Detected objects in one image, in its pixels; undefined when no detector is installed (nothing was looked for). */
export interface SubjectFinder {
  find(image: RawImage, ctx: { throwIfAborted(): void }): Promise<Region[] | undefined>;
}

/** Builds the finder for one run from the worker's context for that run. */
export type SubjectSource = (ctx: TaskContext) => SubjectFinder;

/** A box smaller than this share of the picture is a detail, not the subject. */
const MIN_AREA_SHARE = 0.004;

/** People and animals are what a crop must not cut; the COCO classes for them. */
const LIVING = new Set(['person', ...COCO_ANIMALS]);

/** The detector in the worker (CenterNet, loaded once per thread); no pack installed gives no boxes. */
export const detectorSubjects: SubjectSource = (ctx) => ({
  async find(image) {
    try {
      const { detectPack, loadCenterNet, runCenterNet } = await import('../../detect/centernet.js');
      const net = await loadCenterNet(detectPack(ctx.packs));
      ctx.throwIfAborted();
      return (await runCenterNet(net, image, { minScore: MIN_SCORE_ALL })).regions;
    } catch (error) {
      // No detector pack: the crop falls back to the centre, as before detection existed.
      if (isScanlineError(error) && error.code === 'model_missing') return undefined;
      throw error;
    }
  },
});

export interface Subject {
  /** The COCO label when the detector is sure of it, else 'subject' (CenterNet calls a tabby cat a dog at 0.45). */
  label: string;
  /** The main box, or the union of it and boxes of comparable weight of the same kind (two people). */
  box: Box;
  /** The main box alone, for when the union does not fit. */
  main: Box;
  /** A person or animal: a tall one keeps its head when it cannot fit. */
  living: boolean;
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/**
 * The main subject: among confident boxes, people and animals first, then the
 * largest and most central (area share x centrality x score). Undefined when nothing qualifies.
 */
export function mainSubject(regions: readonly Region[], width: number, height: number): Subject | undefined {
  const total = width * height;
  const halfDiagonal = Math.hypot(width, height) / 2;
  const confident = regions.filter((r) => r.score >= MIN_SCORE_ALL && area(r.box) >= total * MIN_AREA_SHARE);
  const living = confident.filter((r) => LIVING.has(r.label));
  const pool = living.length > 0 ? living : confident;
  if (pool.length === 0) return undefined;
  const weight = (r: Region) => {
    const dx = (r.box[0] + r.box[2]) / 2 - width / 2;
    const dy = (r.box[1] + r.box[3]) / 2 - height / 2;
    return (area(r.box) / total) * (1 - 0.6 * (Math.hypot(dx, dy) / halfDiagonal)) * r.score;
  };
  const ranked = [...pool].sort((a, b) => weight(b) - weight(a));
  const best = ranked[0]!;
  const peers = ranked.filter((r) => weight(r) >= weight(best) * 0.5);
  const box: Box = [
    Math.min(...peers.map((r) => r.box[0])),
    Math.min(...peers.map((r) => r.box[1])),
    Math.max(...peers.map((r) => r.box[2])),
    Math.max(...peers.map((r) => r.box[3])),
  ];
  // A "maybe" box is trusted for placement, but its label is not said.
  const label = isMaybe(best.score) ? 'subject' : best.label;
  return { label, box, main: [...best.box], living: LIVING.has(best.label) };
}
