// Masks from pulled packs, the first choice of the segment runner (then the IS-Net plugin, the offline
// models, GrabCut):
// - the main subject ("remove the background") is BiRefNet's mask;
// - a named object (a detector box, or a box the user gave) is SAM's mask for that box, picked by the
//   decoder's predicted IoU, which is also its confidence;
// - with BiRefNet alone, a named object gets BiRefNet's salient map cut to its box as IS-Net's is
//   (object-mask.ts), so the caller takes `salient` instead of a finished mask.
// Models are opened once per pack folder (session-cache.ts) and run through transformers.js in the worker.
import { quotedError } from '../quoted-error.js';
import { providerOf } from '../qwen-vl/qwen-vl-model.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, PackLookup, TaskContext } from '../task-runner.js';
import type { MaskQuality, RawImage } from '../types.js';
import {
  BIREFNET_ARCHITECTURE,
  BIREFNET_PACK,
  judgeSoftMask,
  loadBirefnet,
  type SalientModel,
} from './birefnet-masks.js';
import type { Box } from './grabcut.js';
import { salientInBox } from './object-mask.js';
import { judgeSamMask, loadSam, SAM_ARCHITECTURE, SAM_PACK, type PromptableModel } from './sam-masks.js';

export interface PulledMaskPacks {
  /** A BiRefNet pack: the main subject, and salient maps for objects when there is no SAM pack. */
  salient?: InstalledPack;
  /** A SAM-family pack: a named object's mask from its box. */
  promptable?: InstalledPack;
}

/** The installed pulled mask packs (user folders first, as for every pack). */
export function findPulledMaskPacks(packs: PackLookup): PulledMaskPacks {
  const salient = packs.find('segment', BIREFNET_ARCHITECTURE);
  const promptable = packs.find('segment', SAM_ARCHITECTURE);
  return { ...(salient ? { salient } : {}), ...(promptable ? { promptable } : {}) };
}

/** Whether a pulled pack makes this mask, so the IS-Net plugin need not run. */
export function packTakesMask(found: PulledMaskPacks, subject: boolean): boolean {
  return subject ? found.salient !== undefined : found.promptable !== undefined || found.salient !== undefined;
}

/** The pack whose pull would give a cleaner cut-out than one made without pulled packs. */
export function betterMaskPack(subject: boolean): string {
  return subject ? BIREFNET_PACK : SAM_PACK;
}

export interface PackMaskRequest {
  image: RawImage;
  /** The main subject (no named target). */
  subject: boolean;
  /** The object's box (detected or given); absent for the main subject. */
  box?: Box;
}

export type PackMaskOutcome =
  /** A finished mask, its measured quality, and the source it names (`birefnet`, `sam`). */
  | { kind: 'mask'; mask: Uint8Array; quality: MaskQuality; source: string; pack: string }
  /** BiRefNet's salient map of the whole image, for the object-mask logic to cut to the box. */
  | { kind: 'salient'; salient: Uint8Array; source: string; pack: string }
  /** The pack failed to load or run: the caller falls back and says why. */
  | { kind: 'failed'; pack: string; error: string };

function covers(mask: Uint8Array): boolean {
  return mask.some((v) => v >= 128);
}

export class PulledMasks {
  private readonly birefnet = new SessionCache<SalientModel>({ release: (m) => m.release() });
  private readonly sam = new SessionCache<PromptableModel>({ release: (m) => m.release() });

  /** The pulled-pack mask for the request, or undefined when no installed pack makes it. */
  async make(found: PulledMaskPacks, req: PackMaskRequest, ctx: TaskContext): Promise<PackMaskOutcome | undefined> {
    const { image, subject, box } = req;
    const pack = subject ? found.salient : box ? (found.promptable ?? found.salient) : undefined;
    if (!pack) return undefined;
    const device = providerOf(ctx);
    try {
      if (pack.manifest.architecture === SAM_ARCHITECTURE && box) {
        const model = await this.sam.get(pack.dir, () => loadSam(pack, device));
        ctx.throwIfAborted();
        const raw = await model.mask(image, box);
        // SAM may spill past its prompt (a shadow, a neighbour of the same colour): the box, grown a little as for
        // IS-Net's map, bounds the object, so an edit never reaches far outside it.
        const mask = salientInBox(raw.mask, image.width, image.height, box);
        const { predictedIou } = raw;
        // An empty mask selects nothing: the next source tries, and the reply says why.
        if (!covers(mask)) return { kind: 'failed', pack: pack.manifest.name, error: 'its mask of the box was empty' };
        return {
          kind: 'mask',
          mask,
          quality: judgeSamMask(mask, predictedIou),
          source: 'sam',
          pack: pack.manifest.name,
        };
      }
      const model = await this.birefnet.get(pack.dir, () => loadBirefnet(pack, device));
      ctx.throwIfAborted();
      const mask = await model.mask(image);
      if (!subject) return { kind: 'salient', salient: mask, source: 'birefnet', pack: pack.manifest.name };
      if (!covers(mask)) return { kind: 'failed', pack: pack.manifest.name, error: 'it found no main subject' };
      return { kind: 'mask', mask, quality: judgeSoftMask(mask), source: 'birefnet', pack: pack.manifest.name };
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'AbortError') throw error;
      return { kind: 'failed', pack: pack.manifest.name, error: quotedError(error) };
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.birefnet.dispose(), this.sam.dispose()]);
  }
}
