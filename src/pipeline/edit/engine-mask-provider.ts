// Masks for edit steps (recolor, background, remove) from the engine's
// `segment` task: a named target is detected and cut out with GrabCut;
// 'foreground' is the main subject (IS-Net when the user installed it,
// otherwise GrabCut on a central box). A target the detector cannot find
// fails with `target_not_found`.
import type { RawImage } from '../../engine/types.js';
import type { EngineClient } from '../tasks/task-handler.js';
import type { MaskProvider } from './mask-provider.js';

export class EngineMaskProvider implements MaskProvider {
  constructor(private readonly engine: EngineClient) {}

  async mask(image: RawImage, target: string | 'foreground', signal: AbortSignal): Promise<Uint8Array> {
    // The engine takes the pixels by transfer: the caller keeps its image.
    const copy: RawImage = { ...image, data: image.data.slice() };
    const foreground = target === 'foreground';
    const result = await this.engine.run(
      'segment',
      {
        images: [copy],
        prompt: foreground ? '' : target,
        options: { overlay: false, ...(foreground ? { mode: 'foreground' } : {}) },
      },
      { signal },
    );
    const mask = result.images?.[0];
    if (!mask || mask.width !== image.width || mask.height !== image.height) {
      throw new Error('segment returned no mask of the image size');
    }
    const out = new Uint8Array(mask.width * mask.height);
    for (let i = 0; i < out.length; i++) out[i] = mask.data[i * mask.channels] ?? 0;
    return out;
  }
}
