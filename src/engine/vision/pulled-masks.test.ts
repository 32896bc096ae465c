// Pulled mask packs through the real transformers.js, with the tiny random-weight packs in
// test/fixtures (scripts/make-tiny-mask-packs.py): BiRefNet's masks mean nothing, the tiny SAM's
// masks are its prompt box, so these tests check loading, sizes, box scaling and the segment
// runner's choice of source, never mask quality.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { FIXTURES, fixturePack, withPacks } from '../../../test/helpers/engine/mask-packs.js';
import { inThreadEngine, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import type { EditStepOutcome } from '../../common/edit-step.js';
import { createEditRunner, segmentMasks } from '../edit/index.js';
import type { RawImage } from '../types.js';
import { judgeSoftMask, loadBirefnet } from './birefnet-masks.js';
import type { IsNetPlugin } from './isnet-plugin.js';
import { findPulledMaskPacks } from './pulled-masks.js';
import { judgeSamMask, loadSam, maskAtPhotoSize } from './sam-masks.js';
import { createSegmentRunner } from './segment-runner.js';
import { sessionDtypes } from './transformers-pack.js';

function greyOf(image: RawImage): Uint8Array {
  return Uint8Array.from({ length: image.width * image.height }, (_, i) => image.data[i * image.channels]!);
}

function gradient(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++)
    data.fill(((i % width) * 7 + Math.floor(i / width) * 3) % 256, i * 3, i * 3 + 3);
  return { data, width, height, channels: 3 };
}

/** Share of the mask (>= 128) inside `box`, and share of `box` the mask covers. */
function inBox(
  mask: Uint8Array,
  width: number,
  box: [number, number, number, number],
): { inside: number; fill: number } {
  let on = 0;
  let inside = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]! < 128) continue;
    on++;
    const x = i % width;
    const y = Math.floor(i / width);
    if (x >= box[0] - 2 && x < box[2] + 2 && y >= box[1] - 2 && y < box[3] + 2) inside++;
  }
  const area = (box[2] - box[0]) * (box[3] - box[1]);
  return { inside: on ? inside / on : 0, fill: inside / area };
}

const birefnet = fixturePack('birefnet-tiny');
const sam = fixturePack('slimsam-tiny');

describe('transformers.js packs', () => {
  it('opens each session with the dtype its pulled file carries', () => {
    const pulled = {
      manifest: {
        ...sam.manifest,
        files: {
          vision_encoder: { path: 'onnx/vision_encoder_quantized.onnx' },
          prompt_encoder_mask_decoder: { path: 'onnx/prompt_encoder_mask_decoder.onnx' },
        },
      },
    };
    expect(sessionDtypes(pulled, ['vision_encoder', 'prompt_encoder_mask_decoder'])).toEqual({
      vision_encoder: 'q8',
      prompt_encoder_mask_decoder: 'fp32',
    });
    expect(
      sessionDtypes({ manifest: { ...birefnet.manifest, files: { model: { path: 'onnx/model_fp16.onnx' } } } }, [
        'model',
      ]),
    ).toEqual({
      model: 'fp16',
    });
    expect(() => sessionDtypes(birefnet, ['vision_encoder'])).toThrow(/names no file for the vision_encoder graph/);
  });

  it('finds the installed mask packs by architecture', () => {
    expect(findPulledMaskPacks(withPacks(birefnet, sam))).toMatchObject({
      salient: { manifest: { name: 'birefnet-tiny' } },
      promptable: { manifest: { name: 'slimsam-tiny' } },
    });
    expect(findPulledMaskPacks(withPacks())).toEqual({});
  });

  it('BiRefNet: a soft mask at the photo size', async () => {
    const model = await loadBirefnet(birefnet, 'cpu');
    const mask = await model.mask(gradient(97, 61));
    expect(mask).toHaveLength(97 * 61);
    // The tiny model's mask is a central ellipse (plus noise): on in the middle, off in the corners.
    expect(mask[30 * 97 + 48]).toBeGreaterThan(200);
    expect([mask[0], mask[96], mask[60 * 97], mask[61 * 97 - 1]].every((v) => v! < 50)).toBe(true);
    await model.release();
  });

  it('SAM: the box prompt is scaled to the model input and the mask back to the photo', async () => {
    const model = await loadSam(sam, 'cpu');
    // Odd sizes, portrait and landscape: the processor pads the short side, the crop must undo it.
    for (const [w, h, box] of [
      [301, 187, [40, 30, 200, 150]],
      [150, 420, [20, 200, 130, 400]],
    ] as [number, number, [number, number, number, number]][]) {
      const { mask, predictedIou } = await model.mask(gradient(w, h), box);
      expect(mask).toHaveLength(w * h);
      expect(predictedIou).toBeGreaterThanOrEqual(0);
      expect(predictedIou).toBeLessThanOrEqual(1);
      const { inside, fill } = inBox(mask, w, box);
      expect(inside).toBeGreaterThan(0.99);
      expect(fill).toBeGreaterThan(0.9);
    }
    await model.release();
  });

  it('SAM: the same photo is encoded once for several boxes', async () => {
    const model = await loadSam(sam, 'cpu');
    const photo = gradient(200, 100);
    const a = await model.mask(photo, [10, 10, 60, 60]);
    const b = await model.mask(photo, [120, 20, 190, 90]);
    expect(inBox(a.mask, 200, [10, 10, 60, 60]).inside).toBeGreaterThan(0.99);
    expect(inBox(b.mask, 200, [120, 20, 190, 90]).inside).toBeGreaterThan(0.99);
    await model.release();
  });

  it('upsamples the low-resolution logits without shifting them', () => {
    // A 4x4 logit map covering a 16x16 padded input, of which an 8x16 photo-scaled area is the photo.
    const logits = Float32Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 10 : -10));
    const mask = maskAtPhotoSize(logits, { w: 4, h: 4 }, { w: 16, h: 16 }, { w: 16, h: 8 }, { width: 16, height: 8 });
    expect(mask[0]).toBe(255);
    expect(mask[15]).toBe(0);
  });
});

describe('parity with transformers.js’s own post-processing', () => {
  it('BiRefNet: our mask matches the image-segmentation pipeline’s', async () => {
    const tf = await import('@huggingface/transformers');
    const photo = await loadPhoto('coffee-cup.jpg');
    const ours = await (await loadBirefnet(birefnet, 'cpu')).mask(photo);
    tf.env.allowRemoteModels = false;
    tf.env.localModelPath = FIXTURES;
    const pipe = await tf.pipeline('image-segmentation', 'birefnet-tiny', { local_files_only: true, dtype: 'fp32' });
    const image = new tf.RawImage(new Uint8ClampedArray(photo.data), photo.width, photo.height, photo.channels);
    const [theirs] = (await pipe(image)) as { mask: { data: Uint8ClampedArray; width: number; height: number } }[];
    expect([theirs!.mask.width, theirs!.mask.height]).toEqual([photo.width, photo.height]);
    let diff = 0;
    let agree = 0;
    for (let i = 0; i < ours.length; i++) {
      diff += Math.abs(ours[i]! - theirs!.mask.data[i]!);
      if (ours[i]! >= 128 === theirs!.mask.data[i]! >= 128) agree++;
    }
    // The pipeline resizes with its own image resampler; the cut-outs agree almost everywhere.
    expect(diff / ours.length).toBeLessThan(3);
    expect(agree / ours.length).toBeGreaterThan(0.995);
    await pipe.dispose();
  });

  it('SAM: our upsampling matches SamProcessor.post_process_masks', async () => {
    const tf = await import('@huggingface/transformers');
    tf.env.allowRemoteModels = false;
    tf.env.localModelPath = FIXTURES;
    const processor = (await tf.AutoProcessor.from_pretrained('slimsam-tiny', {
      local_files_only: true,
    })) as unknown as InstanceType<typeof tf.SamProcessor>;
    const model = await tf.SamModel.from_pretrained('slimsam-tiny', { local_files_only: true, dtype: 'fp32' });
    const photo = gradient(333, 217);
    const image = new tf.RawImage(new Uint8ClampedArray(photo.data), photo.width, photo.height, photo.channels);
    const inputs = await processor(image, {
      input_boxes: [[[31, 22, 250, 190]]],
      input_points: [[[[0, 0]]]],
      input_labels: [[[-10]]],
    });
    const out = await model(inputs);
    const [masks] = await processor.post_process_masks(
      out.pred_masks,
      inputs.original_sizes,
      inputs.reshaped_input_sizes,
    );
    const plane = 256 * 256;
    const [rh, rw] = inputs.reshaped_input_sizes[0];
    let agree = 0;
    for (let m = 0; m < 3; m++) {
      const ours = maskAtPhotoSize(
        (out.pred_masks.data as Float32Array).subarray(m * plane, (m + 1) * plane),
        { w: 256, h: 256 },
        { w: 1024, h: 1024 },
        { w: rw, h: rh },
        photo,
      );
      const theirs = (masks.data as Uint8Array).subarray(
        m * photo.width * photo.height,
        (m + 1) * photo.width * photo.height,
      );
      for (let i = 0; i < ours.length; i++) if (ours[i]! >= 128 === theirs[i]! > 0) agree++;
    }
    expect(agree / (3 * photo.width * photo.height)).toBeGreaterThan(0.995);
    await model.dispose();
  });
});

describe('mask confidence', () => {
  it('a decided salient mask is good; a mushy or empty one is rough', () => {
    const crisp = new Uint8Array(100 * 100);
    crisp.fill(255, 2000, 8000);
    expect(judgeSoftMask(crisp)).toMatchObject({ level: 'good', confidence: 1 });
    const mushy = new Uint8Array(100 * 100).fill(140);
    expect(judgeSoftMask(mushy)).toMatchObject({ level: 'rough', reasons: ['outline'] });
    expect(judgeSoftMask(new Uint8Array(100))).toMatchObject({ level: 'rough', confidence: 0, reasons: ['partial'] });
  });

  it('a SAM mask is as good as its predicted IoU', () => {
    const mask = new Uint8Array(10).fill(255);
    expect(judgeSamMask(mask, 0.95)).toMatchObject({ level: 'good', confidence: 0.95 });
    expect(judgeSamMask(mask, 0.5)).toMatchObject({ level: 'rough', confidence: 0.5, reasons: ['outline'] });
  });
});

describe('segment runner with pulled mask packs', () => {
  const noIsNet = () => undefined;

  it('the main subject is BiRefNet’s mask, and the result names the pack', async () => {
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const photo = await loadPhoto('astronaut.jpg');
    const result = await runner.run({ images: [photo], prompt: '' }, runnerContext(withPacks(birefnet, sam)));
    expect(result.text).toBe('birefnet');
    expect(result.images![0]).toMatchObject({ width: photo.width, height: photo.height });
    expect(result.meta).toMatchObject({ maskPack: 'birefnet-tiny', maskQuality: { confidence: expect.any(Number) } });
    expect(result.meta?.betterPack).toBeUndefined();
    await runner.dispose?.();
  });

  it('a named object is SAM’s mask from the detector’s box', async () => {
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const photo = await loadPhoto('coffee-cup.jpg');
    const plain = await createSegmentRunner({ findIsNet: noIsNet }).run(
      { images: [photo], prompt: 'cup' },
      runnerContext(withPacks()),
    );
    const result = await runner.run({ images: [photo], prompt: 'cup' }, runnerContext(withPacks(birefnet, sam)));
    expect(result.text).toBe('detect+sam');
    expect(result.regions![0]!.label).toBe('cup');
    expect(result.meta).toMatchObject({ maskPack: 'slimsam-tiny', maskQuality: { confidence: expect.any(Number) } });
    // The tiny SAM's mask is its prompt: the detector's box (the GrabCut run's bounds lie inside it).
    const [x1, y1, x2, y2] = result.regions![0]!.box;
    const cut = plain.regions![0]!.box;
    expect(cut[0]).toBeGreaterThanOrEqual(x1 - 3);
    expect(cut[2]).toBeLessThanOrEqual(x2 + 3);
    expect(cut[1]).toBeGreaterThanOrEqual(y1 - 3);
    expect(cut[3]).toBeLessThanOrEqual(y2 + 3);
    expect(inBox(greyOf(result.images![0]!), photo.width, [x1, y1, x2, y2]).inside).toBeGreaterThan(0.99);
    await runner.dispose?.();
  });

  it('a given box is SAM’s prompt too', async () => {
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const photo = await loadPhoto('astronaut.jpg');
    const box: [number, number, number, number] = [60, 40, 250, 380];
    const result = await runner.run(
      { images: [photo], prompt: '', options: { box, overlay: false } },
      runnerContext(withPacks(sam)),
    );
    expect(result.text).toBe('box+sam');
    expect(inBox(greyOf(result.images![0]!), photo.width, box)).toMatchObject({ inside: expect.any(Number) });
    expect(inBox(greyOf(result.images![0]!), photo.width, box).inside).toBeGreaterThan(0.99);
    await runner.dispose?.();
  });

  it('with BiRefNet alone, a named object takes its salient map as IS-Net’s would be taken', async () => {
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const result = await runner.run(
      { images: [await loadPhoto('coffee-cup.jpg')], prompt: 'cup' },
      runnerContext(withPacks(birefnet)),
    );
    // Random weights: the map may or may not mark the cup; either way the source is named truly.
    expect(result.text).toMatch(/^detect(\+birefnet(\+grabcut)?)?$/);
    if (result.text === 'detect') expect(result.meta?.maskPack).toBeUndefined();
    else expect(result.meta?.maskPack).toBe('birefnet-tiny');
    await runner.dispose?.();
  });

  it('prefers the pulled pack to the IS-Net plugin, which is then not run', async () => {
    let isnetRuns = 0;
    const isnet = {
      mask: async (image: RawImage) => {
        isnetRuns++;
        return new Uint8Array(image.width * image.height);
      },
      dispose: async () => undefined,
    } as unknown as IsNetPlugin;
    const runner = createSegmentRunner({ findIsNet: () => isnet });
    const photo = await loadPhoto('astronaut.jpg');
    const result = await runner.run({ images: [photo], prompt: '' }, runnerContext(withPacks(birefnet)));
    expect(result.text).toBe('birefnet');
    expect(isnetRuns).toBe(0);
    // Without the pack the plugin makes the mask, and the result names the pack that would do better.
    const without = await runner.run({ images: [photo], prompt: '' }, runnerContext(withPacks()));
    expect(without.text).toBe('isnet');
    expect(isnetRuns).toBe(1);
    expect(without.meta).toMatchObject({ betterPack: 'birefnet-lite' });
    await runner.dispose?.();
  });

  it('without packs: the behaviour before them, naming the packs to pull', async () => {
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const subject = await runner.run(
      { images: [await loadPhoto('astronaut.jpg')], prompt: '' },
      runnerContext(withPacks()),
    );
    // The offline main subject (the astronaut by selfie), as before the packs.
    expect(subject.text).toBe('subject');
    expect(subject.meta).toMatchObject({ betterPack: 'birefnet-lite' });
    const cup = await runner.run(
      { images: [await loadPhoto('coffee-cup.jpg')], prompt: 'cup' },
      runnerContext(withPacks()),
    );
    expect(cup.text).toBe('detect');
    expect(cup.meta).toMatchObject({ betterPack: 'slimsam-77' });
  });

  it('a broken pack: a clear error in the result, and the next source makes the mask', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scanline-broken-pack-')), 'birefnet-tiny');
    cpSync(join(FIXTURES, 'birefnet-tiny'), dir, { recursive: true });
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'not an onnx graph');
    const broken = fixturePack('birefnet-tiny', dir);
    const runner = createSegmentRunner({ findIsNet: noIsNet });
    const result = await runner.run(
      { images: [await loadPhoto('astronaut.jpg')], prompt: '' },
      runnerContext(withPacks(broken)),
    );
    // The next source down: the offline main subject.
    expect(result.text).toBe('subject');
    expect(result.meta?.maskPackError).toMatchObject({ pack: 'birefnet-tiny', error: expect.any(String) });
    expect(result.meta?.maskPackError?.error.length).toBeGreaterThan(0);
    expect(result.meta?.maskPack).toBeUndefined();
    await runner.dispose?.();
  });

  it('a recolour through the edit runner changes only pixels under SAM’s mask, and its note names no pull', async () => {
    const segment = createSegmentRunner({ findIsNet: noIsNet });
    const engine = inThreadEngine([createEditRunner({ masks: segmentMasks(segment) })], withPacks(sam));
    const photo = await loadPhoto('coffee-cup.jpg');
    const boxOf = (await segment.run({ images: [photo], prompt: 'cup' }, runnerContext(withPacks(sam)))).regions![0]!;
    const result = await engine.run('edit', {
      images: [photo],
      options: { steps: [{ op: 'recolor', target: 'cup', color: 'blue' }] },
    });
    const [outcome] = result.meta?.['steps'] as EditStepOutcome[];
    expect(outcome).toMatchObject({ status: 'done' });
    // The tiny SAM's predicted IoU is random: a rough note says a pulled pack made it (nothing more to pull).
    if (outcome?.status === 'done' && outcome.mask?.quality === 'rough') expect(outcome.mask.pull).toBeNull();
    const edited = result.images![0]!;
    const [x1, y1, x2, y2] = boxOf.box;
    let changedOutside = 0;
    let changedInside = 0;
    for (let i = 0; i < photo.width * photo.height; i++) {
      const x = i % photo.width;
      const y = Math.floor(i / photo.width);
      const changed = [0, 1, 2].some((c) => edited.data[i * 3 + c] !== photo.data[i * 3 + c]);
      if (x >= x1 - 2 && x < x2 + 2 && y >= y1 - 2 && y < y2 + 2) changedInside += changed ? 1 : 0;
      else changedOutside += changed ? 1 : 0;
    }
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(0);
    await segment.dispose?.();
  });
});
