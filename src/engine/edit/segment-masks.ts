// Masks for edit steps (recolor, background) inside the worker: the same
// `segment` runner the segment task uses, called directly (no message round
// trip). A named target is detected and cut out with GrabCut; 'foreground' is
// the main subject (IS-Net when the user installed it, otherwise GrabCut on a
// central box). A target the detector cannot find throws `target_not_found`.
// What was doubtful about each mask (rough, a "maybe" detection) is kept for
// the runner to put on the step's outcome.
import type { MaskNote } from '../../common/edit-step.js';
import { isMaybe } from '../detect/select.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { RawImage, Region, SegmentTaskMeta } from '../types.js';
import { imageToMask } from '../vision/mask-image.js';
import { FOREGROUND_LABEL } from '../vision/segment-runner.js';
import type { MaskProvider } from './mask-provider.js';

/** Builds the mask provider for one run from the worker's context for that run. */
export type MaskSource = (ctx: TaskContext) => MaskProvider;

export function segmentMasks(segment: TaskRunner<'segment'>): MaskSource {
  return (ctx) => {
    let notes: MaskNote = {};
    return {
      async mask(image: RawImage, target: string | 'foreground'): Promise<Uint8Array> {
        const foreground = target === 'foreground';
        const result = await segment.run(
          {
            images: [image],
            prompt: foreground ? '' : target,
            options: { overlay: false, ...(foreground ? { mode: 'foreground' } : {}) },
          },
          // The segment runner's own progress would jump the edit's bar around.
          { ...ctx, progress: () => undefined },
        );
        const mask = result.images?.[0];
        if (!mask || mask.width !== image.width || mask.height !== image.height) {
          throw new Error('segment returned no mask of the image size');
        }
        notes = mergeNotes(notes, noteOf(result.meta, result.regions?.[0]));
        return imageToMask(mask);
      },
      takeNotes(): MaskNote {
        const taken = notes;
        notes = {};
        return taken;
      },
    };
  };
}

/** The doubtful parts of one segment result: a rough mask, a "maybe" or stand-in detection. */
export function noteOf(meta: SegmentTaskMeta | undefined, region: Region | undefined): MaskNote {
  const quality = meta?.maskQuality;
  const standIn = meta?.standIn !== undefined;
  const note: MaskNote = {};
  if (quality?.level === 'rough') {
    Object.assign(note, { quality: 'rough', reasons: [...quality.reasons] });
    if (meta?.maskPack) note.pull = null;
    else if (meta?.betterPack) note.pull = meta.betterPack;
  }
  if (meta?.maskPackError) note.packError = { ...meta.maskPackError };
  if (region && region.label !== FOREGROUND_LABEL && (standIn || isMaybe(region.score))) {
    note.found = { label: region.label, score: region.score, ...(standIn ? { standIn: true } : {}) };
  }
  return note;
}

function mergeNotes(a: MaskNote, b: MaskNote): MaskNote {
  const reasons = [...new Set([...(a.reasons ?? []), ...(b.reasons ?? [])])];
  return {
    ...(a.quality || b.quality ? { quality: 'rough' as const, reasons } : {}),
    ...(a.found || b.found ? { found: a.found ?? b.found } : {}),
    ...(a.pull !== undefined || b.pull !== undefined ? { pull: a.pull ?? b.pull ?? null } : {}),
    ...(a.packError || b.packError ? { packError: a.packError ?? b.packError } : {}),
  };
}
