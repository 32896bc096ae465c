// Object masks from a detector box: Scanline's GrabCut set-up (core held as
// foreground) against plain rectangle GrabCut on the same boxes, both scored by
// IoU against IS-Net's mask cut to the box. IS-Net (the optional plugin) is the
// reference, so this needs SCANLINE_ISNET_DIR (see README); without it only
// the times are printed. Masks are deterministic; times are the mean of RUNS runs.
import { createDetectRunner } from '../src/engine/detect/index.js';
import { cpuSessionFactory, npmPacks, runnerContext } from '../test/helpers/engine/vision-context.js';
import type { RawImage } from '../src/engine/types.js';
import { DEFAULT_GRABCUT, grabCutMask, type Box } from '../src/engine/vision/grabcut.js';
import { IsNetPlugin, isnetResolver } from '../src/engine/vision/isnet-plugin.js';
import { judgeMask, maskFeatures } from '../src/engine/vision/mask-quality.js';
import { objectMask, otherObjects, overlapping, salientInBox } from '../src/engine/vision/object-mask.js';
import { loadOpenCv } from '../src/engine/vision/opencv.js';
import { loadDebianPhoto, loadPhoto } from '../test/fixtures/photos/photos.js';

const RUNS = 3;
/** GrabCut as it was first set up: the whole (grown) box as probable foreground. */
const PLAIN_RECT = { ...DEFAULT_GRABCUT, grow: 0.06, core: 0 };

function iou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]! >= 128;
    const q = b[i]! >= 128;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union ? inter / union : 1;
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export async function masksBench(): Promise<void> {
  const cases: [string, RawImage | undefined, string][] = [
    ['coffee 600x400', await loadPhoto('coffee-cup.jpg'), 'cup'],
    ['chelsea 451x300', await loadPhoto('chelsea-cat.jpg'), 'cat'],
    ['astronaut 400x400', await loadPhoto('astronaut.jpg'), 'person'],
    ['motorcycle 741x500', await loadDebianPhoto('motorcycle'), 'motorcycle'],
    ['dog + bicycle 768x576', await loadDebianPhoto('dog-bicycle'), 'dog'],
    ['dog + bicycle 768x576', await loadDebianPhoto('dog-bicycle'), 'bicycle'],
  ];
  const isnet = IsNetPlugin.find('small', isnetResolver(process.env['SCANLINE_ISNET_DIR']));
  const cv = await loadOpenCv();
  const detect = createDetectRunner();
  const ctx = runnerContext(npmPacks());
  const sessions = cpuSessionFactory();

  console.log(
    `\n## Object masks: GrabCut with a foreground core vs plain rectangle GrabCut (times: mean of ${RUNS})\n`,
  );
  console.log(
    isnet
      ? 'IoU against IS-Net (plugin, `small`) cut to the box; IS-Net ms is the plugin on the whole image.\n'
      : '(IS-Net plugin not found: set SCANLINE_ISNET_DIR for IoU; times only.)\n',
  );
  console.log(
    '| photo | target | ours ms | ours IoU | confidence | verdict | plain ms | plain IoU | IoU gain | IS-Net ms | IS-Net / ours |',
  );
  console.log('|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|');
  const gains: number[] = [];
  const all = { ours: [] as number[], plain: [] as number[] };
  for (const [name, image, target] of cases) {
    if (!image) {
      console.log(`| ${name} | ${target} | (photo missing: run scripts/get-test-photos.sh) |`);
      continue;
    }
    const found = await detect.run({ images: [image], prompt: target }, ctx);
    const box = found.regions?.[0]?.box as Box | undefined;
    const everything = await detect.run({ images: [image], prompt: '' }, ctx);
    if (!box) {
      console.log(`| ${name} | ${target} | (not detected) |`);
      continue;
    }
    let reference: Uint8Array | undefined;
    let isnetMs = NaN;
    if (isnet) {
      await isnet.mask(image, sessions); // load once, outside the timing
      const t = performance.now();
      reference = salientInBox(await isnet.mask(image, sessions), image.width, image.height, box);
      isnetMs = performance.now() - t;
    }
    const time = { ours: [] as number[], plain: [] as number[] };
    // What the reply would say about our mask (mask-quality.ts): confidence and verdict, to compare with the IoU.
    const near = overlapping(
      box,
      otherObjects(
        box,
        (everything.regions ?? []).map((r) => r.box),
      ),
    ).length;
    const judged = judgeMask(maskFeatures(image, objectMask(cv, image, box).mask, box, near), 'object');
    const score = { ours: [] as number[], plain: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const others = otherObjects(
        box,
        (everything.regions ?? []).map((r) => r.box),
      );
      const makers = {
        // What the segment runner does without the plugin.
        ours: () => objectMask(cv, image, box, undefined, others).mask,
        plain: () => grabCutMask(cv, image, box, PLAIN_RECT),
      };
      for (const key of ['ours', 'plain'] as const) {
        const t = performance.now();
        const mask = makers[key]();
        time[key].push(performance.now() - t);
        if (reference) score[key].push(iou(mask, reference));
      }
    }
    const fmt = (v: number[]) => (v.length ? mean(v).toFixed(3) : '-');
    const gain = reference ? mean(score.ours) - mean(score.plain) : NaN;
    if (reference) {
      gains.push(gain);
      all.ours.push(mean(score.ours));
      all.plain.push(mean(score.plain));
    }
    console.log(
      `| ${name} | ${target} | ${mean(time.ours).toFixed(0)} | ${fmt(score.ours)} | ${judged.confidence.toFixed(2)} | ` +
        `${judged.level}${judged.reasons.length ? ` (${judged.reasons.join(', ')})` : ''} | ${mean(time.plain).toFixed(0)} | ` +
        `${fmt(score.plain)} | ${Number.isNaN(gain) ? '-' : gain.toFixed(3)} | ${Number.isNaN(isnetMs) ? '-' : isnetMs.toFixed(0)} | ` +
        `${Number.isNaN(isnetMs) ? '-' : (isnetMs / mean(time.ours)).toFixed(1)} |`,
    );
  }
  if (gains.length) {
    console.log(
      `\nMean IoU: ours ${mean(all.ours).toFixed(3)}, plain ${mean(all.plain).toFixed(3)} (gain ${mean(gains).toFixed(3)})`,
    );
  }
  await isnet?.dispose();
}
