// The `segment` task runner: a box (given, or the best detection of the
// target, or a central box for the main subject) -> GrabCut mask. When the
// user installed the IS-Net plugin, the main subject is IS-Net's mask and a
// detected object's mask comes from IS-Net too (object-mask.ts).
//
// Result: images[0] is the mask (grey, R=G=B, 0-255); images[1] the overlay
// (unselected part dimmed, outline) unless options.overlay is false;
// regions[0] the object (label, score, bounds of the mask); meta.maskQuality
// how far a GrabCut mask can be trusted (mask-quality.ts), meta.standIn when a
// detection of a confusable kind stood in for the named one (detect/select.ts pickNamed).
import { ScanlineError } from '../../common/errors.js';
import { MIN_SCORE_ALL, MIN_SCORE_TARGET } from '../detect/runner.js';
import { pickNamed } from '../detect/select.js';
import { parseTarget } from '../detect/target.js';
import { requireImage } from '../require-image.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, MaskQuality, Region } from '../types.js';
import { centralBox, grabCutMask, type Box } from './grabcut.js';
import { IsNetPlugin } from './isnet-plugin.js';
import { maskBounds, maskOverlay, maskToImage } from './mask-image.js';
import { judgeMask, maskFeatures } from './mask-quality.js';
import { objectMask, otherObjects, overlapping } from './object-mask.js';
import { loadOpenCv } from './opencv.js';

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

      if (!box) {
        const target = inputs.options?.mode === 'foreground' ? { kind: 'all' as const } : parseTarget(prompt);
        if (target.kind === 'unknown') throw new ScanlineError('target_not_found', { target: prompt });
        if (target.kind === 'classes') {
          const { detectPack, loadCenterNet, runCenterNet } = await import('../detect/centernet.js');
          const pack = detectPack(ctx.packs);
          let t = performance.now();
          const net = await loadCenterNet(pack);
          timingsMs['load'] = performance.now() - t;
          ctx.throwIfAborted();
          t = performance.now();
          const found = await runCenterNet(net, image, {
            minScore: MIN_SCORE_TARGET,
            labels: target.labels,
            allMinScore: MIN_SCORE_ALL,
          });
          timingsMs['detect'] = performance.now() - t;
          // A close-up cat scores higher as a dog on the same box: that detection is the cat as the user means it,
          // and the reply says so.
          const picked = pickNamed(found.regions, found.all ?? [], target, width, height);
          if (!picked) throw new ScanlineError('target_not_found', { target: prompt });
          const best = picked.region;
          if (picked.standIn) standIn = { asked: prompt };
          box = best.box;
          region = { label: best.label, score: best.score };
          method = 'detect';
          // The other objects in the picture (IS-Net marks them too), from the same inference.
          others = otherObjects(
            best.box,
            (found.all ?? []).map((r) => r.box),
          );
          if (isnet === null) isnet = findIsNet();
          if (isnet) {
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
          if (isnet) {
            const t = performance.now();
            mask = await isnet.mask(image, ctx.sessions);
            timingsMs['isnet'] = performance.now() - t;
            method = 'isnet';
          } else {
            box = centralBox(width, height);
            method = 'central';
          }
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
          if (object.method !== 'grabcut') method = `detect+${object.method}`;
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
        ...(isnetError || quality || standIn
          ? {
              meta: {
                ...(isnetError ? { isnetError } : {}),
                ...(quality ? { maskQuality: quality } : {}),
                ...(standIn ? { standIn } : {}),
              },
            }
          : {}),
        timingsMs: { ...timingsMs, total: performance.now() - started },
      };
    },
    async dispose() {
      if (isnet) await isnet.dispose();
      isnet = null;
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
