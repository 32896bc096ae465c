// The real CenterNet weights from @vladmandic/human on real photos (see
// test/fixtures/photos/README.md). The dog-beside-a-bicycle and motorcycle
// photos come from Debian packages (scripts/get-test-photos.sh).
import { packLookup } from '../../../test/helpers/ocr-pack.js';
import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { loadDebianPhoto, loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { npmPacks, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import type { RawImage } from '../types.js';
import { detectPack, loadCenterNet, runCenterNet } from './centernet.js';
import { createDetectRunner } from './index.js';

const runner = createDetectRunner();
const ctx = runnerContext(npmPacks());
const motorcycle = await loadDebianPhoto('motorcycle');
const dogBicycle = await loadDebianPhoto('dog-bicycle');

function inside(image: RawImage, box: [number, number, number, number]): void {
  expect(box[0]).toBeGreaterThanOrEqual(0);
  expect(box[1]).toBeGreaterThanOrEqual(0);
  expect(box[2]).toBeLessThanOrEqual(image.width);
  expect(box[3]).toBeLessThanOrEqual(image.height);
}

describe('detect runner (real CenterNet)', () => {
  it('finds the person in the astronaut photo, in the photo’s own pixels', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const result = await runner.run({ images: [photo], prompt: '' }, ctx);
    const person = result.regions?.[0];
    expect(person?.label).toBe('person');
    expect(person!.score).toBeGreaterThan(0.5);
    inside(photo, person!.box);
    // She fills the left two thirds of the 400x400 photo, top to bottom.
    expect(person!.box[2]).toBeGreaterThan(240);
    expect(person!.box[2]).toBeLessThan(340);
    expect(person!.box[3] - person!.box[1]).toBeGreaterThan(350);
    expect(Object.keys(result.timingsMs)).toEqual(expect.arrayContaining(['load', 'infer', 'total']));
  });

  it('finds the cup, and a prompt filters by class', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const all = await runner.run({ images: [photo], prompt: '' }, ctx);
    expect(all.regions?.map((r) => r.label)).toContain('cup');
    const cups = await runner.run({ images: [photo], prompt: 'the cups' }, ctx);
    expect(cups.regions?.length).toBeGreaterThan(0);
    expect(cups.regions?.every((r) => r.label === 'cup')).toBe(true);
    const none = await runner.run({ images: [photo], prompt: 'giraffe' }, ctx);
    expect(none.regions).toEqual([]);
    const unknown = await runner.run({ images: [photo], prompt: 'the unicorn' }, ctx);
    expect(unknown.regions).toEqual([]);
  });

  it('a named class is not hidden by a stronger label on the same box', async () => {
    // CenterNet calls Chelsea a dog (0.45) before a cat (~0.22): asking for the cat still finds her.
    const photo = await loadPhoto('chelsea-cat.jpg');
    const all = await runner.run({ images: [photo], prompt: '' }, ctx);
    expect(all.regions?.some((r) => r.label === 'cat')).toBe(false);
    const cat = await runner.run({ images: [photo], prompt: 'cat' }, ctx);
    expect(cat.regions?.[0]?.label).toBe('cat');
  });

  it.skipIf(!dogBicycle)('"detect objects" on a dog beside a bicycle finds both, where they are', async () => {
    const result = await runner.run({ images: [dogBicycle!], prompt: 'objects' }, ctx);
    const labels = result.regions?.map((r) => r.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['dog', 'bicycle']));
    const dog = result.regions!.find((r) => r.label === 'dog')!;
    const bicycle = result.regions!.find((r) => r.label === 'bicycle')!;
    for (const r of result.regions!) inside(dogBicycle!, r.box);
    // 768x576: the dog sits in the lower left, the bicycle spans the middle behind it.
    const centre = (b: [number, number, number, number]): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    const [dx, dy] = centre(dog.box);
    expect(dx).toBeLessThan(768 * 0.45);
    expect(dy).toBeGreaterThan(576 * 0.5);
    expect(bicycle.box[2] - bicycle.box[0]).toBeGreaterThan(768 * 0.4);
    const [bx] = centre(bicycle.box);
    expect(bx).toBeGreaterThan(dx);
  });

  it('one inference gives the asked-for class and, when asked, every object', async () => {
    const photo = await loadPhoto('chelsea-cat.jpg');
    const net = await loadCenterNet(detectPack(ctx.packs));
    const only = await runCenterNet(net, photo, { minScore: 0.2, labels: ['cat'] });
    expect(only.all).toBeUndefined();
    const both = await runCenterNet(net, photo, { minScore: 0.2, labels: ['cat'], allMinScore: 0.3 });
    expect(both.regions.map((r) => r.label)).toEqual(only.regions.map((r) => r.label));
    expect(both.regions[0]?.label).toBe('cat');
    // Of every class at 0.3 and up, CenterNet's best guess for Chelsea is a dog.
    expect(both.all?.[0]?.label).toBe('dog');
    expect(both.all?.every((r) => r.score >= 0.3)).toBe(true);
  });

  it.skipIf(!motorcycle)('finds the motorcycle', async () => {
    const result = await runner.run({ images: [motorcycle!], prompt: 'motorcycle' }, ctx);
    const best = result.regions?.[0];
    expect(best?.label).toBe('motorcycle');
    // The bike spans most of the 741x500 frame.
    expect(best!.box[2] - best!.box[0]).toBeGreaterThan(450);
  });

  it('asks for the pack when none is installed', async () => {
    const empty = runnerContext(packLookup([]));
    const error = await runner.run({ images: [await loadPhoto('astronaut.jpg')] }, empty).catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('model_missing');
    expect(isScanlineError(error) && error.params).toEqual({ task: 'detect', pack: 'centernet-coco' });
  });
});
