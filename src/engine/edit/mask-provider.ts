import type { MaskNote } from '../../common/edit-step.js';
import type { RawImage } from '../types.js';

/**
 * Finds the pixels of a target ("the car", "the sky") or of the main subject
 * (`'foreground'`). Edits that need one (recolor, background) run only when a
 * provider is wired in (in the worker: detection + GrabCut, `segment-masks.ts`).
 */
export interface MaskProvider {
  /** Alpha 0-255 per pixel, `width * height` values, row-major, same size as the image. */
  mask(image: RawImage, target: string | 'foreground', ctx: { throwIfAborted(): void }): Promise<Uint8Array>;
  /** What was doubtful about the masks made since the last call (rough cut-outs, guessed objects); the runner puts it on the step's outcome. */
  takeNotes?(): MaskNote;
}

/** A mask that selects every pixel: "make it blue" recolors the whole picture. */
export function fullMask(image: RawImage): Uint8Array {
  return new Uint8Array(image.width * image.height).fill(255);
}
