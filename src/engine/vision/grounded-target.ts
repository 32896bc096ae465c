// A named thing as the user means it: with a real Qwen-VL pack installed, "the cat" or "the red umbrella" is
// grounded by the model (any phrase, no COCO list, no cat read as a dog). The repo's tiny test pack answers
// noise, and a failing pack must not take segmenting down: then COCO detection finds the target, as without one.
import { quotedError } from '../quoted-error.js';
import type { TaskContext } from '../task-runner.js';
import type { RawImage, Region } from '../types.js';

export type Grounding =
  | { kind: 'found'; region: Region; pack: string }
  /** The model looked and found nothing of the phrase. */
  | { kind: 'none'; pack: string }
  /** No usable grounding model: none installed, the test pack, or it failed (`error`). */
  | { kind: 'unavailable'; testPack?: string; error?: string };

/** Boxes with an inside, in the model's order (its first is its answer). */
function usable(regions: readonly Region[] | undefined): Region[] {
  return (regions ?? []).filter((r) => r.box[2] > r.box[0] && r.box[3] > r.box[1]);
}

/** Asks the installed Qwen-VL pack (through the worker's `ground` runner) where `phrase` is in `image`. */
export async function groundTarget(ctx: TaskContext, image: RawImage, phrase: string): Promise<Grounding> {
  const installed = ctx.runTask && phrase.trim() ? ctx.packs.find('ground') : undefined;
  if (!ctx.runTask || !installed) return { kind: 'unavailable' };
  // The repo's models/ hold only random-weight test packs: not worth a run whose boxes would be thrown away.
  if (installed.origin === 'repo') return { kind: 'unavailable', testPack: installed.manifest.name };
  let result;
  try {
    result = await ctx.runTask('ground', { images: [image], prompt: phrase });
  } catch (error) {
    ctx.throwIfAborted();
    return { kind: 'unavailable', error: quotedError(error) };
  }
  const pack = result.meta?.pack ?? 'qwen-vl';
  if (result.meta?.testPack) return { kind: 'unavailable', testPack: pack };
  const [first] = usable(result.regions);
  return first ? { kind: 'found', region: { ...first, label: phrase.trim() }, pack } : { kind: 'none', pack };
}
