// The real nsfwjs model on the labelled set (test/fixtures/safety/labelled-set.ts): what the
// default policy does with each picture, and the classifier's own behaviour on odd inputs.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { labelledSet, safetyFixturePath, type LabelledImage } from '../../../test/fixtures/safety/labelled-set.js';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import type { RawImage, SafetyScores } from '../types.js';
import { boxShrink, classifyImage, loadNsfwModel } from './nsfw-model.js';
import { adultScore } from './scores.js';

let model: LayersModel;
let set: LabelledImage[];
beforeAll(async () => {
  model = await loadNsfwModel();
  set = await labelledSet();
}, 60_000);

/** The default policy (withhold porn/hentai >= 0.6, blur sexy >= 0.6) in a channel that is not age-restricted. */
const outcome = (s: SafetyScores) => (adultScore(s).score >= 0.6 ? 'withhold' : s.sexy >= 0.6 ? 'spoiler' : 'post');

describe('nsfwjs classifier', () => {
  it('has the made pictures the end-to-end tests need', () => {
    expect(existsSync(safetyFixturePath('flagged.png'))).toBe(true);
    expect(existsSync(safetyFixturePath('borderline.png'))).toBe(true);
  });

  it('gives every picture of the labelled set its expected outcome under the default policy', () => {
    const wrong = set
      .map((item) => ({ item, scores: classifyImage(model, item.image) }))
      .filter(({ item, scores }) => outcome(scores) !== item.expected)
      .map(({ item, scores }) => `${item.name}: ${JSON.stringify(scores)}`);
    expect(wrong).toEqual([]);
    // Benign photos and drawings stay well clear of the thresholds, not just under them.
    for (const item of set.filter((i) => i.expected === 'post')) {
      const s = classifyImage(model, item.image);
      expect(adultScore(s).score + s.sexy, item.name).toBeLessThan(0.35);
    }
  });

  it('returns five probabilities that sum to 1, the same for the same picture', async () => {
    const cat = await loadPhoto('chelsea-cat.jpg');
    const a = classifyImage(model, cat);
    const b = classifyImage(model, cat);
    expect(a).toEqual(b);
    expect(Object.values(a).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 4);
    expect(a.neutral).toBeGreaterThan(0.8);
  });

  it('reads large, tiny, grey-on-RGBA and transparent pictures without error', async () => {
    const cat = await loadPhoto('chelsea-cat.jpg');
    // 4x the cat by nearest neighbour: the box shrink brings it back to the cat, so the scores match.
    const big: RawImage = {
      data: new Uint8Array(cat.width * 4 * cat.height * 4 * 3),
      width: cat.width * 4,
      height: cat.height * 4,
      channels: 3,
    };
    for (let y = 0; y < big.height; y += 1)
      for (let x = 0; x < big.width; x += 1) {
        const from = (Math.floor(y / 4) * cat.width + Math.floor(x / 4)) * 3;
        big.data.set(cat.data.subarray(from, from + 3), (y * big.width + x) * 3);
      }
    const scaled = classifyImage(model, big);
    const original = classifyImage(model, cat);
    expect(Math.abs(scaled.neutral - original.neutral)).toBeLessThan(0.05);
    const tiny: RawImage = { data: new Uint8Array([200, 30, 30]), width: 1, height: 1, channels: 3 };
    expect(Object.values(classifyImage(model, tiny)).every(Number.isFinite)).toBe(true);
    // Fully transparent pixels are seen as the grey a viewer would see, whatever colour hides under them.
    const hidden: RawImage = {
      data: new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 0 : 255)),
      width: 8,
      height: 8,
      channels: 4,
    };
    expect(boxShrink(hidden, 1).data.every((v) => v === 128)).toBe(true);
  });
});
