// Masks against IS-Net, per mask source, on the test photos (>= 12: people,
// animals, vehicles, objects in clutter; scripts/get-test-photos.sh).
//
// For each photo: the main subject ("remove the background": reference = IS-Net's
// whole mask) and one to three named objects (reference = IS-Net's mask cut to the
// object's detected box). Sources:
//   before   what df4d1ca did: GrabCut from the central box for the subject, and
//            GrabCut from the detector's box (core held) for an object;
//   shipped  the real segment runner (createSegmentRunner, no plugin): its `text`
//            names the method it used, its `meta.maskQuality` the verdict the reply gives;
//   isnet    the same runner with the IS-Net plugin (when SCANLINE_ISNET_DIR is set);
//   packs    the same runner over SCANLINE_MODELS_DIR (when a pulled pack serves `segment`).
// Then the leak of a recolour: the real edit runner's "change the X's colour to blue",
// counting changed pixels outside IS-Net's object mask (% of the image).
// MASKS_DUMP=<dir> writes each mask as an overlay PNG to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { createEditRunner, segmentMasks } from '../src/engine/edit/index.js';
import { ownColourWeights } from '../src/engine/edit/steps/own-colour.js';
import { detectPack, loadCenterNet, runCenterNet } from '../src/engine/detect/centernet.js';
import { MIN_SCORE_ALL, MIN_SCORE_TARGET } from '../src/engine/detect/runner.js';
import { selectTarget } from '../src/engine/detect/select.js';
import { parseTarget } from '../src/engine/detect/target.js';
import { createPackRegistry } from '../src/engine/pack-registry.js';
import type { PackLookup, TaskContext, TaskRunner } from '../src/engine/task-runner.js';
import type { EngineResult, MaskQuality, RawImage } from '../src/engine/types.js';
import { centralBox, grabCutMask, type Box, type GrabCutOptions } from '../src/engine/vision/grabcut.js';
import { IsNetPlugin, isnetResolver } from '../src/engine/vision/isnet-plugin.js';
import { imageToMask, maskOverlay } from '../src/engine/vision/mask-image.js';
import { dilate, erode } from '../src/engine/vision/mask-morphology.js';
import { judgeMask, maskFeatures, type MaskFeatures } from '../src/engine/vision/mask-quality.js';
import { otherObjects, overlapping, salientInBox } from '../src/engine/vision/object-mask.js';
import { loadOpenCv } from '../src/engine/vision/opencv.js';
import { createSegmentRunner } from '../src/engine/vision/segment-runner.js';
import { loadDebianPhoto, loadPhoto, type DebianPhoto } from '../test/fixtures/photos/photos.js';
import { cpuSessionFactory, npmPacks, runnerContext } from '../test/helpers/engine/vision-context.js';

/** df4d1ca's GrabCut settings, pinned so "before" stays what it was when the defaults move. */
const BEFORE_GRABCUT: GrabCutOptions = {
  iterations: 4,
  workSide: 320,
  margin: 0.2,
  grow: 0,
  minIslandFraction: 0.1,
  core: 0.3,
};

interface PhotoCase {
  name: string;
  load: () => Promise<RawImage | undefined>;
  /** Named objects ("the dog"), as the user would write them. */
  objects: string[];
}

const debian = (name: DebianPhoto) => () => loadDebianPhoto(name);
const PHOTOS: PhotoCase[] = [
  { name: 'astronaut', load: () => loadPhoto('astronaut.jpg'), objects: ['person'] },
  { name: 'camera', load: debian('camera'), objects: ['person'] },
  { name: 'chelsea-cat', load: () => loadPhoto('chelsea-cat.jpg'), objects: ['cat'] },
  { name: 'coffee-cup', load: () => loadPhoto('coffee-cup.jpg'), objects: ['cup'] },
  { name: 'dog-bicycle', load: debian('dog-bicycle'), objects: ['dog', 'bicycle'] },
  { name: 'eagle', load: debian('eagle'), objects: ['bird'] },
  { name: 'giraffe', load: debian('giraffe'), objects: ['giraffe', 'zebra'] },
  { name: 'horses', load: debian('horses'), objects: ['horse'] },
  { name: 'kite', load: debian('kite'), objects: ['kite'] },
  { name: 'person-dog-horse', load: debian('person-dog-horse'), objects: ['person', 'dog', 'horse'] },
  { name: 'motorcycle', load: debian('motorcycle'), objects: ['motorcycle'] },
  { name: 'rocket', load: debian('rocket'), objects: [] },
];

/** One row: a mask source's result for one case. */
interface Scored {
  iou: number;
  ms: number;
  method: string;
  quality?: MaskQuality;
  features?: MaskFeatures;
}

const on = (v: number | undefined) => (v ?? 0) >= 128;

function iou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = on(a[i]);
    const q = on(b[i]);
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union ? inter / union : 1;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}

const f2 = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(2));

function verdict(q: MaskQuality | undefined): string {
  if (!q) return '-';
  return `${q.confidence.toFixed(2)} ${q.level}${q.reasons.length ? ` (${q.reasons.join(', ')})` : ''}`;
}

async function dump(dir: string | undefined, name: string, image: RawImage, mask: Uint8Array): Promise<void> {
  if (!dir) return;
  const o = maskOverlay(image, mask);
  await sharp(o.data, { raw: { width: o.width, height: o.height, channels: 3 } })
    .png()
    .toFile(join(dir, `${name}.png`));
}

/** The segment runner's mask for the subject (prompt '') or a named object, timed, with what it said. */
async function runSegment(
  runner: TaskRunner<'segment'>,
  ctx: TaskContext,
  image: RawImage,
  target: string | undefined,
): Promise<{ mask: Uint8Array; result: EngineResult<'segment'>; ms: number }> {
  const t = performance.now();
  const result = await runner.run(
    {
      images: [image],
      prompt: target ?? '',
      options: { overlay: false, ...(target === undefined ? { mode: 'foreground' as const } : {}) },
    },
    ctx,
  );
  const ms = performance.now() - t;
  const img = result.images?.[0];
  if (!img) throw new Error('segment returned no mask');
  return { mask: imageToMask(img), result, ms };
}

function score(run: { mask: Uint8Array; result: EngineResult<'segment'>; ms: number }, reference: Uint8Array): Scored {
  return {
    iou: iou(run.mask, reference),
    ms: run.ms,
    method: run.result.text ?? '?',
    ...(run.result.meta?.maskQuality ? { quality: run.result.meta.maskQuality } : {}),
  };
}

/**
 * The reference object for the leak: IS-Net's mask closed over 1% of the short side, since on dark low-contrast
 * cloth it leaves speckled holes (the cameraman's coat) that are the object all the same. Both leaks are printed.
 */
function closedReference(reference: Uint8Array, width: number, height: number): Uint8Array {
  const r = Math.max(2, Math.round(Math.min(width, height) * 0.01));
  const bin = reference.map((v) => (on(v) ? 1 : 0));
  return erode(dilate(bin, width, height, r), width, height, r).map((v) => (v ? 255 : 0));
}

/** Pixels the recolour changed outside the reference object, as a share of the image. */
function leak(before: RawImage, after: RawImage, reference: Uint8Array): number {
  let changed = 0;
  const n = before.width * before.height;
  for (let i = 0; i < n; i++) {
    if (on(reference[i])) continue;
    const j = i * before.channels;
    const k = i * after.channels;
    if (
      before.data[j] !== after.data[k] ||
      before.data[j + 1] !== after.data[k + 1] ||
      before.data[j + 2] !== after.data[k + 2]
    ) {
      changed++;
    }
  }
  return changed / n;
}

/** One 8-connected piece of the object's own colour in a cut-out. */
interface OwnPiece {
  pixels: number;
  box: [number, number, number, number];
  /** Its pixels outside the reference object. */
  outside: number;
  /** Pixels (chessboard distance) to the largest piece across other colours: 0 for the largest itself. */
  gap: number;
}

/** Chessboard distance of every pixel to the nearest pixel where `from` holds (two passes). */
function chessboardDistance(from: (i: number) => boolean, width: number, height: number): Int32Array {
  const far = width + height;
  const d = new Int32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = from(i) ? 0 : far;
  const relax = (i: number, x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    d[i] = Math.min(d[i]!, d[y * width + x]! + 1);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      relax(i, x - 1, y);
      relax(i, x - 1, y - 1);
      relax(i, x, y - 1);
      relax(i, x + 1, y - 1);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      relax(i, x + 1, y);
      relax(i, x + 1, y + 1);
      relax(i, x, y + 1);
      relax(i, x - 1, y + 1);
    }
  }
  return d;
}

/**
 * The pieces of the object's own colour (own-colour.ts weight >= 0.5) inside `mask`, largest first: where a leak
 * of a recolour comes from (a thing of the object's colour the cut-out took in is a piece mostly outside IS-Net's).
 */
function ownColourPieces(image: RawImage, mask: Uint8Array, reference: Uint8Array): OwnPiece[] {
  const { width, height } = image;
  const weights = ownColourWeights(image, (i) => (on(mask[i]) ? 1 : 0));
  if (!weights) return [];
  const label = new Int32Array(width * height);
  const pieces: OwnPiece[] = [];
  const stack: number[] = [];
  for (let start = 0; start < label.length; start++) {
    if (label[start] || weights[start]! < 0.5) continue;
    const piece: OwnPiece = { pixels: 0, box: [width, height, 0, 0], outside: 0, gap: 0 };
    pieces.push(piece);
    label[start] = pieces.length;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      piece.pixels++;
      if (!on(reference[i])) piece.outside++;
      piece.box = [
        Math.min(piece.box[0], x),
        Math.min(piece.box[1], y),
        Math.max(piece.box[2], x + 1),
        Math.max(piece.box[3], y + 1),
      ];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const k = ny * width + nx;
          if (!label[k] && weights[k]! >= 0.5) {
            label[k] = pieces.length;
            stack.push(k);
          }
        }
      }
    }
  }
  const largest = pieces.reduce((best, p, k) => (p.pixels > pieces[best]!.pixels ? k : best), 0) + 1;
  const distance = chessboardDistance((i) => label[i] === largest, width, height);
  const gaps = new Int32Array(pieces.length + 1).fill(width + height);
  for (let i = 0; i < label.length; i++) if (label[i]) gaps[label[i]!] = Math.min(gaps[label[i]!]!, distance[i]!);
  pieces.forEach((p, k) => (p.gap = gaps[k + 1]!));
  return pieces.sort((a, b) => b.pixels - a.pixels);
}

export async function masksBench(): Promise<void> {
  const isnetDir = process.env['SCANLINE_ISNET_DIR'];
  const isnet = IsNetPlugin.find('small', isnetResolver(isnetDir));
  const dumpDir = process.env['MASKS_DUMP'];
  if (dumpDir) mkdirSync(dumpDir, { recursive: true });
  const showFeatures = process.env['MASKS_FEATURES'] === '1';
  const modelsDir = process.env['SCANLINE_MODELS_DIR'];
  const pulled: PackLookup | undefined = modelsDir
    ? createPackRegistry({ modelsDirs: [modelsDir], repoModelsDir: '/nonexistent-scanline-models' }, () => {})
    : undefined;
  const hasPacks = pulled !== undefined && pulled.findAll('segment').length > 0;

  console.log('\n## Masks vs IS-Net: subject ("remove the background") and named objects\n');
  if (!isnet) {
    console.log(
      'IS-Net plugin not found: set SCANLINE_ISNET_DIR (README: Better masks). It is the reference; no IoU without it.\n',
    );
    return;
  }
  console.log(
    'Reference: IS-Net (`small`) whole mask for the subject, cut to the detected box for an object. ' +
      '`before` = df4d1ca (central-box / box GrabCut); `shipped` = the segment runner without plugin (method = its `text`; ' +
      'verdict = its meta.maskQuality: confidence, good/rough); ms = one run after a warm-up. ' +
      `${hasPacks ? 'Pulled packs from SCANLINE_MODELS_DIR.' : 'No pulled `segment` pack in SCANLINE_MODELS_DIR: no packs column.'}\n`,
  );

  const cv = await loadOpenCv();
  const ctx = runnerContext(npmPacks());
  const sessions = cpuSessionFactory();
  const net = await loadCenterNet(detectPack(npmPacks()));
  const shipped = createSegmentRunner({ findIsNet: () => undefined });
  const withIsnet = createSegmentRunner({ findIsNet: () => isnet });
  const withPacks = hasPacks ? createSegmentRunner({ findIsNet: () => undefined }) : undefined;
  const packsCtx = hasPacks ? runnerContext(pulled) : undefined;
  // The real edit runner's recolour, with the masks of each source.
  const editors: ['shipped' | 'isnet' | 'packs', TaskRunner<'edit'>, TaskContext][] = [
    ['shipped', createEditRunner({ masks: segmentMasks(shipped) }), ctx],
    ['isnet', createEditRunner({ masks: segmentMasks(withIsnet) }), ctx],
    ...(withPacks && packsCtx
      ? [
          ['packs', createEditRunner({ masks: segmentMasks(withPacks) }), packsCtx] as [
            'packs',
            TaskRunner<'edit'>,
            TaskContext,
          ],
        ]
      : []),
  ];

  const header = [
    'photo',
    'target',
    'before IoU',
    'before verdict',
    'shipped method',
    'shipped IoU',
    'shipped verdict',
    'shipped ms',
    'IS-Net IoU',
    'IS-Net ms',
    ...(hasPacks ? ['packs method', 'packs IoU', 'packs ms'] : []),
    'leak before (approx.)',
    'leak shipped',
    'leak IS-Net',
    ...(hasPacks ? ['leak packs'] : []),
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map((h) => (/IoU|ms|leak/.test(h) ? '---:' : '---')).join('|')}|`);

  const sums = {
    subject: { before: [] as number[], shipped: [] as number[], isnet: [] as number[], packs: [] as number[] },
    object: { before: [] as number[], shipped: [] as number[], isnet: [] as number[], packs: [] as number[] },
  };
  const leaks: Record<'shipped' | 'isnet' | 'packs', { name: string; leak: number; raw: number }[]> = {
    shipped: [],
    isnet: [],
    packs: [],
  };
  const calibration: { name: string; iou: number; q?: MaskQuality; f?: MaskFeatures }[] = [];
  // Where each shipped recolour leak of 1% or more comes from: the own-colour pieces of its cut-out.
  const leakPieces: string[] = [];

  // Warm-up: opencv, the detector, IS-Net's session, outside every timing.
  const warm = await loadPhoto('coffee-cup.jpg');
  await runSegment(shipped, ctx, warm, 'cup');
  await isnet.mask(warm, sessions);

  // MASKS_ONLY=dog-bicycle,motorcycle: only those photos (a quicker look at a few cases).
  const only = process.env['MASKS_ONLY']?.split(',').filter(Boolean);
  for (const photo of PHOTOS.filter((p) => !only || only.includes(p.name))) {
    const image = await photo.load();
    if (!image) {
      console.log(`| ${photo.name} | (photo missing: run scripts/get-test-photos.sh) |`);
      continue;
    }
    const { width, height } = image;
    const t = performance.now();
    const salient = await isnet.mask(image, sessions);
    const isnetMs = performance.now() - t;
    const all = (await runCenterNet(net, image, { minScore: MIN_SCORE_ALL })).regions;

    for (const target of [undefined, ...photo.objects]) {
      const label = target ?? 'subject';
      const kind = target === undefined ? 'subject' : 'object';
      let reference: Uint8Array;
      let before: Uint8Array;
      let beforeBox: Box;
      if (target === undefined) {
        reference = salient;
        beforeBox = centralBox(width, height);
        before = grabCutMask(cv, image, beforeBox, BEFORE_GRABCUT);
      } else {
        const parsed = parseTarget(target);
        const found = parsed.kind === 'classes' ? parsed.labels : [];
        const named = (await runCenterNet(net, image, { minScore: MIN_SCORE_TARGET, labels: found })).regions;
        const best = selectTarget(named, parseTarget(target), width, height)[0];
        if (!best) {
          console.log(`| ${photo.name} | ${label} | (not detected) |`);
          continue;
        }
        beforeBox = best.box;
        reference = salientInBox(salient, width, height, best.box);
        before = grabCutMask(cv, image, best.box, BEFORE_GRABCUT);
      }
      const near = overlapping(
        beforeBox,
        otherObjects(
          beforeBox,
          all.map((r) => r.box),
        ),
      ).length;
      const beforeQ = judgeMask(maskFeatures(image, before, beforeBox, kind === 'object' ? near : 0), kind);
      const beforeIou = iou(before, reference);
      sums[kind].before.push(beforeIou);

      const ours = await runSegment(shipped, ctx, image, target);
      const s = score(ours, reference);
      sums[kind].shipped.push(s.iou);
      if (s.quality) {
        // The runner's seed box: the central box, or the detection (regions[0].box is the mask's bounds).
        const box = kind === 'subject' ? centralBox(width, height) : beforeBox;
        calibration.push({
          name: `${photo.name} ${label}`,
          iou: s.iou,
          q: s.quality,
          ...(showFeatures ? { f: maskFeatures(image, ours.mask, box, kind === 'object' ? near : 0) } : {}),
        });
      } else {
        calibration.push({ name: `${photo.name} ${label}`, iou: s.iou });
      }
      const plug = score(await runSegment(withIsnet, ctx, image, target), reference);
      // The runner's IS-Net time includes the plugin run, already timed above for the reference.
      sums[kind].isnet.push(plug.iou);
      let packsCells: string[] = [];
      if (withPacks && packsCtx) {
        const p = score(await runSegment(withPacks, packsCtx, image, target), reference);
        sums[kind].packs.push(p.iou);
        packsCells = [p.method, f2(p.iou), p.ms.toFixed(0)];
      }

      const leakCells: string[] = [];
      if (target !== undefined) {
        const closed = closedReference(reference, width, height);
        // df4d1ca's recolour changed every pixel its mask touched (> 0).
        let touched = 0;
        for (let i = 0; i < before.length; i++) if (before[i]! > 0 && !on(closed[i])) touched++;
        leakCells.push(`${((touched / before.length) * 100).toFixed(2)}%`);
        for (const [key, runner, c] of editors) {
          const edited = await runner.run(
            { images: [image], options: { steps: [{ op: 'recolor', target, color: 'blue' }] } },
            c,
          );
          const out = edited.images?.[0];
          const status = edited.meta?.steps[0]?.status;
          if (out && status === 'done') {
            const l = leak(image, out, closed);
            const raw = leak(image, out, reference);
            leaks[key].push({ name: `${photo.name} ${target}`, leak: l, raw });
            if (key === 'shipped' && l >= 0.01) {
              // The edit runner asked the same segment runner for the same target: `ours.mask` is its cut-out.
              const n = width * height;
              const pieces = ownColourPieces(image, ours.mask, closed);
              const total = pieces.reduce((s, p) => s + p.pixels, 0);
              const shown = pieces
                .filter((p) => p.pixels >= total * 0.05)
                .map(
                  (p) =>
                    `${((p.pixels / n) * 100).toFixed(2)}% of the image at x ${p.box[0]}-${p.box[2]}, y ${p.box[1]}-${p.box[3]} ` +
                    `(${Math.round((p.outside / p.pixels) * 100)}% outside IS-Net${p.gap ? `, ${p.gap} px from the largest` : ''})`,
                );
              leakPieces.push(
                `- ${photo.name} ${target}: its own colour is ${pieces.length} pieces in the cut-out; ` +
                  `the largest: ${shown.join('; ')}`,
              );
            }
            leakCells.push(`${(l * 100).toFixed(2)}% (raw ${(raw * 100).toFixed(2)}%)`);
          } else {
            leakCells.push(`(${status ?? 'no image'})`);
          }
        }
      } else {
        leakCells.push(...editors.map(() => '-'), '-');
      }
      await dump(dumpDir, `${photo.name}-${label}-before`, image, before);
      await dump(dumpDir, `${photo.name}-${label}-shipped`, image, ours.mask);
      await dump(dumpDir, `${photo.name}-${label}-reference`, image, reference);

      console.log(
        `| ${photo.name} ${width}x${height} | ${label} | ${f2(beforeIou)} | ${verdict(beforeQ)} | ${s.method} | ` +
          `${f2(s.iou)} | ${verdict(s.quality)} | ${s.ms.toFixed(0)} | ${f2(plug.iou)} | ${isnetMs.toFixed(0)} | ` +
          `${packsCells.length ? `${packsCells.join(' | ')} | ` : ''}${leakCells.join(' | ')} |`,
      );
    }
  }

  const line = (k: 'subject' | 'object') =>
    `before ${f2(mean(sums[k].before))}, shipped ${f2(mean(sums[k].shipped))}, IS-Net plugin ${f2(mean(sums[k].isnet))}` +
    (hasPacks ? `, packs ${f2(mean(sums[k].packs))}` : '');
  console.log(`\nMean IoU, subject (${sums.subject.shipped.length}): ${line('subject')}`);
  console.log(`Mean IoU, objects (${sums.object.shipped.length}): ${line('object')}`);

  // Calibration: every shipped mask under IoU 0.8 should be called rough (or come from a method without a verdict).
  const judged = calibration.filter((c) => c.q);
  const falseGood = judged.filter((c) => c.iou < 0.8 && c.q?.level === 'good');
  const goodCalledRough = judged.filter((c) => c.iou >= 0.8 && c.q?.level === 'rough');
  const unjudgedBad = calibration.filter((c) => !c.q && c.iou < 0.8);
  console.log(
    `Verdicts (shipped): ${judged.length} judged; IoU < 0.8 called good: ${falseGood.length}` +
      `${falseGood.length ? ` (${falseGood.map((c) => c.name).join(', ')})` : ''}; IoU >= 0.8 called rough: ` +
      `${goodCalledRough.length} of ${judged.filter((c) => c.iou >= 0.8).length}; IoU < 0.8 with no verdict: ${unjudgedBad.length}` +
      `${unjudgedBad.length ? ` (${unjudgedBad.map((c) => c.name).join(', ')})` : ''}`,
  );
  if (showFeatures) {
    console.log('\n| case | IoU | verdict | colourOverlap | boxFill | edgeFit | boxEdge | pieces | neighbours |');
    console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const c of judged) {
      const f = c.f!;
      console.log(
        `| ${c.name} | ${f2(c.iou)} | ${verdict(c.q)} | ${f2(f.colourOverlap)} | ${f2(f.boxFill)} | ${f2(f.edgeFit)} | ` +
          `${f2(f.boxEdge)} | ${f.pieces} | ${f.neighbours} |`,
      );
    }
  }
  const worst = (key: 'shipped' | 'isnet' | 'packs') =>
    leaks[key].reduce<{ name: string; leak: number } | undefined>((w, l) => (w && w.leak >= l.leak ? w : l), undefined);
  const pct = (w: { name: string; leak: number } | undefined) =>
    w ? `${(w.leak * 100).toFixed(1)}% (${w.name})` : '-';
  const over = (key: 'shipped' | 'isnet' | 'packs') => leaks[key].filter((l) => l.leak >= 0.01).length;
  console.log(
    `Recolour leak (changed pixels outside IS-Net's object mask closed over 1% of the short side, % of image; raw = ` +
      `outside the mask as it is): shipped max ${pct(worst('shipped'))} (raw max ` +
      `${(Math.max(0, ...leaks.shipped.map((l) => l.raw)) * 100).toFixed(1)}%), ` +
      `${over('shipped')} of ${leaks.shipped.length} at 1% or more; with IS-Net max ${pct(worst('isnet'))}, ${over('isnet')} at 1% or more` +
      (hasPacks ? `; with packs max ${pct(worst('packs'))}, ${over('packs')} at 1% or more` : ''),
  );
  if (leakPieces.length) console.log(`Where the shipped leaks of 1% or more are:\n${leakPieces.join('\n')}`);
  const w = worst('shipped');
  console.log(
    `\nmasks: subject mean IoU ${f2(mean(sums.subject.shipped))} (before ${f2(mean(sums.subject.before))}), ` +
      `objects ${f2(mean(sums.object.shipped))} (before ${f2(mean(sums.object.before))}), ` +
      `recolour leak max ${w ? (w.leak * 100).toFixed(1) : '-'}%${w ? ` (${w.name})` : ''}`,
  );
  await shipped.dispose?.();
  await withIsnet.dispose?.();
  await isnet.dispose();
}
