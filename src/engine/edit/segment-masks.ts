// Masks for edit steps (recolor, background) inside the worker: the same
// `segment` runner the segment task uses, called directly (no message round
// trip). A named target is detected and cut out with GrabCut; 'foreground' is
// the main subject (IS-Net when the user installed it, otherwise GrabCut on a
// central box). A target the detector cannot find throws `target_not_found`.
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { RawImage } from '../types.js';
import { imageToMask } from '../vision/mask-image.js';
import type { MaskProvider } from './mask-provider.js';

/** Builds the mask provider for one run from the worker's context for that run. */
export type MaskSource = (ctx: TaskContext) => MaskProvider;

export function segmentMasks(segment: TaskRunner): MaskSource {
  if (segment.task !== 'segment') throw new Error(`segmentMasks needs the segment runner, got ${segment.task}`);
  return (ctx) => ({
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
      return imageToMask(mask);
    },
  });
}
