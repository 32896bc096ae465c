// The `segment` task runner: a box (given, or the best detection of the
// target, or a central box for the main subject) -> GrabCut mask. When the
// user installed the IS-Net plugin, the main subject is IS-Net's mask and a
// detected object's mask comes from IS-Net too (object-mask.ts). Pulled mask
// packs come first of all (pulled-masks.ts): BiRefNet for the main subject,
// SAM for an object's box.
//
// Result: images[0] is the mask (grey, R=G=B, 0-255); images[1] the overlay
// (unselected part dimmed, outline) unless options.overlay is false;
// regions[0] the object (label, score, bounds of the mask); meta.maskQuality
// how far a GrabCut mask can be trusted (mask-quality.ts), meta.standIn when a
// detection of a confusable kind stood in for the named one (detect/select.ts pickNamed).
//
// Without the plugin, people are cut out by MediaPipe selfie (person-mask.ts)
// and the main subject is composed from the detector's salient detections
// (main-subject.ts); GrabCut on a central box only when nothing stands out.
import { ScanlineError } from '../../common/errors.js';
import { MIN_SCORE_ALL, MIN_SCORE_TARGET } from '../detect/runner.js';
import { pickNamed } from '../detect/select.js';
import { parseTarget, type Target } from '../detect/target.js';
import { requireImage } from '../require-image.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, MaskQuality, RawImage, Region } from '../types.js';
import { centralBox, grabCutMask, type Box } from './grabcut.js';
import { IsNetPlugin } from './isnet-plugin.js';
import { maskBounds, maskOverlay, maskToImage } from './mask-image.js';
import { judgeMask, maskFeatures } from './mask-quality.js';
import { groundTarget } from './grounded-target.js';
import { objectMask, otherObjects, overlapping } from './object-mask.js';
import { loadOpenCv } from './opencv.js';
import { salientDetections, subjectMask, unionBox } from './main-subject.js';
import {
  SELFIE_ARCHITECTURE,
  disposeSelfies,
  loadSelfie,
  personMask,
  personQuality,
  type Selfie,
} from './person-mask.js';
import { betterMaskPack, findPulledMaskPacks, packTakesMask, PulledMasks } from './pulled-masks.js';

/** Label of the region when the user asked for the main subject. */
export const FOREGROUND_LABEL = 'foreground';

export interface SegmentRunnerOptions {
  /** Finds the optional IS-Net plugin (tests inject their own); default: Node resolution. */
  findIsNet?: () => IsNetPlugin | undefined;
}

/** The asked-for box, when it has an inside (an empty one means "find the target"). */
function boxOption(box: Box | undefined): Box | undefined {
  return box && box[2] > box[0] && box[3] > box[1] ? box : undefined;
}

export function createSegmentRunner(opts: SegmentRunnerOptions = {}): TaskRunner<'segment'> {
  let isnet: IsNetPlugin | undefined | null = null;
  const findIsNet = opts.findIsNet ?? (() => IsNetPlugin.find());
  const pulledMasks = new PulledMasks();

  return {
    task: 'segment',
    async run(inputs: EngineInputs<'segment'>, ctx: TaskContext): Promise<EngineResult<'segment'>> {
      const started = performance.now();
      const image = requireImage(inputs);
      const { width, height } = image;
      const prompt = (inputs.prompt ?? '').trim();
      const timingsMs: Record<string, number> = {};
      let box = boxOption(inputs.options?.box);
      let region: Omit<Region, 'box'> = { label: prompt || 'box', score: 1 };
      let mask: Uint8Array | undefined;
      let method = 'box';
      // With the IS-Net plugin, its salient mask; and the boxes of the other objects in the image.
      let salient: Uint8Array | undefined;
      let others: Box[] = [];
      let isnetError: string | undefined;
      let standIn: { asked: string } | undefined;
      let quality: MaskQuality | undefined;
      // A person target without the plugin: the people whose union is the mask.
      let people: Region[] | undefined;
      // Installed pulled mask packs: where one makes the mask, the IS-Net plugin is not run.
      const pulled = findPulledMaskPacks(ctx.packs);
      let salientSource = 'isnet';
      let salientPack: string | undefined;
      let maskPack: string | undefined;
      let maskPackError: { pack: string; error: string } | undefined;
      // The Qwen-VL pack that found the named thing (or looked and found nothing), or why it could not be asked.
      let groundedBy: string | undefined;
      let groundError: string | undefined;

      if (!box) {
        const target = inputs.options?.mode === 'foreground' ? { kind: 'all' as const } : parseTarget(prompt);
        // With a real Qwen-VL pack, the model finds the named thing as the user means it (any phrase).
        let grounded: Region | undefined;
        if (target.kind !== 'all') {
          const t = performance.now();
          const grounding = await groundTarget(ctx, image, prompt);
          // Timed whenever a pack was there to ask (a test pack's run included).
          if (grounding.kind !== 'unavailable' || grounding.testPack || grounding.error) {
            timingsMs['ground'] = performance.now() - t;
          }
          if (grounding.kind === 'found') {
            grounded = grounding.region;
            groundedBy = grounding.pack;
          } else if (grounding.kind === 'unavailable' && grounding.error) groundError = grounding.error;
          ctx.throwIfAborted();
        }
        if (target.kind === 'unknown' && !grounded) throw new ScanlineError('target_not_found', { target: prompt });
        if (target.kind === 'classes' || grounded) {
          const { detectPack, loadCenterNet, runCenterNet } = await import('../detect/centernet.js');
          const pack = detectPack(ctx.packs);
          let t = performance.now();
          const net = await loadCenterNet(pack);
          timingsMs['load'] = performance.now() - t;
          ctx.throwIfAborted();
          t = performance.now();
          const labels = target.kind === 'classes' ? target.labels : [];
          const found = await runCenterNet(net, image, {
            minScore: MIN_SCORE_TARGET,
            labels,
            allMinScore: MIN_SCORE_ALL,
          });
          timingsMs['detect'] = performance.now() - t;
          // A close-up cat scores higher as a dog on the same box: that detection is the cat as the user means it,
          // and the reply says so. What the VLM grounded is taken as it is.
          const picked =
            grounded !== undefined
              ? { region: grounded, standIn: false }
              : target.kind === 'classes'
                ? pickNamed(found.regions, found.all ?? [], target, width, height)
                : undefined;
          if (!picked) throw new ScanlineError('target_not_found', { target: prompt });
          const best = picked.region;
          if (picked.standIn) standIn = { asked: prompt };
          box = best.box;
          region = { label: best.label, score: best.score };
          method = 'detect';
          const person = grounded ? labels.length === 1 && labels[0] === 'person' : best.label === 'person';
          people = person ? (grounded ? [grounded] : peopleToMask(found.regions, best, target)) : undefined;
          // The other objects in the picture (IS-Net marks them too), from the same inference.
          others = otherObjects(
            best.box,
            (found.all ?? []).map((r) => r.box),
          );
          if (isnet === null) isnet = findIsNet();
          // A pulled pack makes this mask below: neither the plugin nor selfie is run then.
          const packObject = packTakesMask(pulled, false);
          if (people && !isnet && !packObject) {
            // People without the plugin: selfie, edges refined against the photo (person-mask.ts).
            const cut = await peopleMaskFor(ctx, image, people, timingsMs);
            if (cut) {
              mask = cut.mask;
              quality = cut.quality;
              method = 'detect+selfie';
            }
          }
          if (isnet && !packObject) {
            ctx.throwIfAborted();
            t = performance.now();
            try {
              salient = await isnet.mask(image, ctx.sessions);
            } catch (error) {
              // A broken plugin must not take object masks down with it: GrabCut alone, and the result says why.
              salient = undefined;
              isnetError = error instanceof Error ? error.message : String(error);
            }
            timingsMs['isnet'] = performance.now() - t;
          }
        } else {
          region = { label: FOREGROUND_LABEL, score: 1 };
          if (isnet === null) isnet = findIsNet();
          // With a pulled BiRefNet pack, the block below makes the mask and the plugin is not run.
          if (isnet && !packTakesMask(pulled, true)) {
            const t = performance.now();
            mask = await isnet.mask(image, ctx.sessions);
            timingsMs['isnet'] = performance.now() - t;
            method = 'isnet';
          }
        }
      }
      ctx.throwIfAborted();

      // ── Pulled mask packs (pulled-masks.ts): preferred over the IS-Net plugin, offline models and GrabCut ──
      // The main subject is BiRefNet's mask; an object's box (detected or given) is SAM's prompt; with BiRefNet
      // alone an object gets its salient map cut to the box below. A pack that fails is named in the result,
      // and the IS-Net plugin it displaced, or what follows, makes the mask instead.
      const subject = region.label === FOREGROUND_LABEL && !inputs.options?.box;
      const packMakes = subject || (box !== undefined && (pulled.promptable !== undefined || method === 'detect'));
      if (packMakes && packTakesMask(pulled, subject)) {
        const t = performance.now();
        const made = await pulledMasks.make(pulled, { image, subject, ...(box ? { box } : {}) }, ctx);
        timingsMs['pack'] = performance.now() - t;
        if (made?.kind === 'mask') {
          mask = made.mask;
          quality = made.quality;
          method = subject ? made.source : `${method}+${made.source}`;
          maskPack = made.pack;
        } else if (made?.kind === 'salient') {
          salient = made.salient;
          salientSource = made.source;
          salientPack = made.pack;
        } else if (made?.kind === 'failed') {
          maskPackError = { pack: made.pack, error: made.error };
          if (isnet === null) isnet = findIsNet();
          if (isnet && (subject || method === 'detect')) {
            const t2 = performance.now();
            try {
              const isnetMask = await isnet.mask(image, ctx.sessions);
              if (subject) {
                mask = isnetMask;
                method = 'isnet';
              } else salient = isnetMask;
            } catch (error) {
              isnetError = error instanceof Error ? error.message : String(error);
            }
            timingsMs['isnet'] = performance.now() - t2;
          }
        }
      }
      // ── end of pulled mask packs ──
      if (!mask && subject) {
        // Offline: the salient detections, each masked (people: selfie), joined; nothing salient: a central box.
        const composed = await mainSubject(ctx, image, timingsMs);
        if (composed) {
          mask = composed.mask;
          quality = composed.quality;
          method = composed.method;
          box = composed.box;
        } else {
          box = centralBox(width, height);
          method = 'central';
        }
      }
      ctx.throwIfAborted();
      ctx.progress({ fraction: 0.4 });

      if (!mask && box) {
        let t = performance.now();
        const cv = await loadOpenCv();
        timingsMs['opencv'] = performance.now() - t;
        ctx.throwIfAborted();
        t = performance.now();
        if (method === 'detect') {
          const object = objectMask(cv, image, box, salient, others);
          mask = object.mask;
          if (object.method !== 'grabcut') {
            method = `detect+${object.method.replace('isnet', salientSource)}`;
            maskPack = salientPack;
          }
        } else {
          mask = grabCutMask(cv, image, box);
        }
        timingsMs['mask'] = performance.now() - t;
        // GrabCut can give up on a flat box (one colour inside and out): the box itself is then the honest answer.
        if (!maskBounds(mask, width, height)) {
          mask = boxMask(box, width, height);
          quality = { level: 'rough', confidence: 0, reasons: ['box'] };
        } else if (method === 'detect' || method === 'central' || method === 'box') {
          // GrabCut alone (no IS-Net in the mask): measured, so the reply can say when the cut-out is rough.
          t = performance.now();
          quality = judgeMask(
            maskFeatures(image, mask, box, overlapping(box, others).length),
            method === 'central' ? 'subject' : 'object',
          );
          timingsMs['quality'] = performance.now() - t;
        }
      }
      if (!mask) throw new Error('segment produced no mask');
      ctx.throwIfAborted();

      const images = [maskToImage(mask, width, height)];
      if (inputs.options?.overlay !== false) {
        const t = performance.now();
        images.push(maskOverlay(image, mask));
        timingsMs['overlay'] = performance.now() - t;
      }
      const bounds = maskBounds(mask, width, height) ?? box ?? [0, 0, width, height];
      ctx.progress({ fraction: 1 });
      return {
        images,
        regions: [{ ...region, box: bounds }],
        text: method,
        meta: {
          ...(isnetError ? { isnetError } : {}),
          ...(quality ? { maskQuality: quality } : {}),
          ...(standIn ? { standIn } : {}),
          ...(maskPack ? { maskPack } : { betterPack: betterMaskPack(subject) }),
          ...(maskPackError ? { maskPackError } : {}),
          ...(groundedBy ? { groundedBy } : {}),
          ...(groundError ? { groundError } : {}),
        },
        timingsMs: { ...timingsMs, total: performance.now() - started },
      };
    },
    async dispose() {
      await disposeSelfies();
      if (isnet) await isnet.dispose();
      isnet = null;
      await pulledMasks.dispose();
    },
  };
}

function boxMask(box: Box, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  const x1 = Math.max(0, Math.floor(box[0]));
  const x2 = Math.min(width, Math.ceil(box[2]));
  for (let y = Math.max(0, Math.floor(box[1])); y < Math.min(height, Math.ceil(box[3])); y++) {
    mask.fill(255, y * width + x1, y * width + x2);
  }
  return mask;
}

/** The selfie model when its pack is installed (it ships with Scanline; a broken install falls back to GrabCut). */
async function optionalSelfie(ctx: TaskContext, timingsMs: Record<string, number>): Promise<Selfie | undefined> {
  const pack = ctx.packs.find('segment', SELFIE_ARCHITECTURE);
  if (!pack) return undefined;
  const t = performance.now();
  const selfie = await loadSelfie(pack);
  timingsMs['selfieLoad'] = performance.now() - t;
  return selfie;
}

/**
 * The people a person target means: the one picked ("the person on the
 * left") or, for "the person"/"people", every person detected (their union).
 */
function peopleToMask(found: readonly Region[], best: Region, target: Target): Region[] {
  if (target.kind !== 'classes' || target.pick) return [best];
  return found.filter((r) => r.label === 'person');
}

/** Selfie's mask of `people`, or undefined when the selfie pack is not installed. */
async function peopleMaskFor(
  ctx: TaskContext,
  image: RawImage,
  people: readonly Region[],
  timingsMs: Record<string, number>,
): Promise<{ mask: Uint8Array; quality: MaskQuality } | undefined> {
  const selfie = await optionalSelfie(ctx, timingsMs);
  if (!selfie) return undefined;
  ctx.throwIfAborted();
  const t = performance.now();
  const cut = await personMask(
    selfie,
    image,
    people.map((r) => r.box),
  );
  timingsMs['selfie'] = performance.now() - t;
  // Selfie saw no one in the boxes (a statue, a drawing): GrabCut on the detector's box instead.
  if (!maskBounds(cut.mask, image.width, image.height)) return undefined;
  return { mask: cut.mask, quality: personQuality(cut.confidence) };
}

/** The main subject from the detector (main-subject.ts), or undefined when nothing salient was detected. */
async function mainSubject(
  ctx: TaskContext,
  image: RawImage,
  timingsMs: Record<string, number>,
): Promise<{ mask: Uint8Array; quality: MaskQuality; box: Box; method: 'subject' | 'central' } | undefined> {
  const { detectPack, loadCenterNet, runCenterNet } = await import('../detect/centernet.js');
  let t = performance.now();
  const net = await loadCenterNet(detectPack(ctx.packs));
  timingsMs['load'] = performance.now() - t;
  ctx.throwIfAborted();
  t = performance.now();
  const found = await runCenterNet(net, image, { minScore: MIN_SCORE_ALL });
  timingsMs['detect'] = performance.now() - t;
  const subject = salientDetections(found.regions, image.width, image.height);
  if (subject.length === 0) return undefined;
  const selfie = subject.some((r) => r.label === 'person') ? await optionalSelfie(ctx, timingsMs) : undefined;
  ctx.throwIfAborted();
  const cv = await loadOpenCv();
  t = performance.now();
  const others = found.regions.filter((r) => !subject.includes(r)).map((r) => r.box);
  const composed = await subjectMask(cv, selfie, image, subject, others);
  timingsMs['mask'] = performance.now() - t;
  if (!maskBounds(composed.mask, image.width, image.height)) return undefined;
  const box = unionBox(subject.map((r) => r.box));
  if (composed.quality.level === 'rough') {
    // A doubtful composition (GrabCut cut the cup's rim from its saucer): the central box's cut, when it measures good.
    t = performance.now();
    const central = centralBox(image.width, image.height);
    const plain = grabCutMask(cv, image, central);
    const plainQuality = judgeMask(maskFeatures(image, plain, central), 'subject');
    timingsMs['central'] = performance.now() - t;
    if (plainQuality.level === 'good') return { mask: plain, quality: plainQuality, box: central, method: 'central' };
  }
  return { mask: composed.mask, quality: composed.quality, box, method: 'subject' };
}
