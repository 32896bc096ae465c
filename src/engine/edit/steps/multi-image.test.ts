// The edit runner with several inputs: combining steps, before/after, background-from,
// and single-image steps before a combining one (applied to every image).
import { describe, expect, it } from 'vitest';
import type { EditStep, EditStepOutcome } from '../../../common/edit-step.js';
import type { TaskContext } from '../../task-runner.js';
import type { RawImage } from '../../types.js';
import { flat, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import type { MaskProvider } from '../mask-provider.js';
import { createEditRunner } from '../runner.js';
import type { SubjectFinder } from './subject.js';

const context: TaskContext = {
  packs: { find: () => undefined, findAll: () => [], list: () => [] },
  sessions: { create: () => Promise.reject(new Error('no sessions in this test')) },
  throwIfAborted: () => undefined,
  progress: () => undefined,
};

/** The left half of any image is the subject. */
const leftHalf: MaskProvider = {
  mask: async (image) => {
    const mask = new Uint8Array(image.width * image.height);
    for (let y = 0; y < image.height; y += 1) mask.fill(255, y * image.width, y * image.width + image.width / 2);
    return mask;
  },
};
/** One dog at the left edge of every image. */
const dogAtLeft: SubjectFinder = {
  find: async (image) => [{ label: 'dog', score: 0.9, box: [0, 0, image.width * 0.2, image.height] }],
};
const runner = createEditRunner({ masks: () => leftHalf, subjects: () => dogAtLeft });

async function run(images: RawImage[], steps: EditStep[]) {
  const result = await runner.run({ images, options: { steps } }, context);
  const outcomes = result.meta?.['steps'] as EditStepOutcome[];
  return {
    image: result.images![0]!,
    outcomes: outcomes.map((o) => (o.status === 'done' ? 'done' : o.reason)),
    raw: outcomes,
  };
}

describe('edit runner: several images', () => {
  it('puts images side by side in upload order; steps before it apply to each', async () => {
    const red = flat(40, 40, [255, 0, 0]);
    const blue = flat(80, 80, [0, 0, 255]);
    const { image, outcomes } = await run(
      [red, blue],
      [{ op: 'invert' }, { op: 'combine', layout: 'side-by-side', gap: 0 }],
    );
    expect(outcomes).toEqual(['done', 'done']);
    // Matched to the taller one here (both are under 512 px): the red square is enlarged, not stretched.
    expect([image.width, image.height]).toEqual([160, 80]);
    expect(pixel(image, 5, 5)).toEqual([0, 255, 255]);
    expect(pixel(image, 155, 5)).toEqual([255, 255, 0]);
  });

  it('a combining step given one image is skipped as needing images; the rest still runs', async () => {
    const { outcomes } = await run([testPhoto(40, 30)], [{ op: 'grayscale' }, { op: 'combine', layout: 'grid' }]);
    expect(outcomes).toEqual(['done', 'needs_images']);
  });

  it('before/after shows the original beside the result of the whole program, wherever it was said', async () => {
    const input = flat(60, 40, [200, 50, 50]);
    const { image, outcomes } = await run([input], [{ op: 'before-after', labels: ['', ''] }, { op: 'invert' }]);
    expect(outcomes).toEqual(['done', 'done']);
    expect(image.height).toBe(40);
    expect(pixel(image, 2, 20)).toEqual([200, 50, 50]);
    expect(pixel(image, image.width - 2, 20)).toEqual([55, 205, 205]);
  });

  it('before/after alone compares the first two images; with one image it needs images', async () => {
    const two = await run([flat(20, 20, [0, 0, 0]), flat(20, 20, [255, 255, 255])], [{ op: 'before-after' }]);
    expect(two.outcomes).toEqual(['done']);
    expect(pixel(two.image, two.image.width - 1, 19)).toEqual([255, 255, 255]);
    expect((await run([flat(20, 20, [0, 0, 0])], [{ op: 'before-after' }])).outcomes).toEqual(['needs_images']);
  });

  it('"side by side, before and after" with two images compares them, not the first against the pair', async () => {
    const pair = () => [flat(20, 20, [0, 0, 0]), flat(20, 20, [255, 255, 255])];
    const alone = await run(pair(), [{ op: 'before-after' }]);
    const laidOut = await run(pair(), [{ op: 'combine', layout: 'side-by-side' }, { op: 'before-after' }]);
    expect(laidOut.outcomes).toEqual(['done', 'done']);
    expect([laidOut.image.width, laidOut.image.height]).toEqual([alone.image.width, alone.image.height]);
    expect(Buffer.from(laidOut.image.data).equals(Buffer.from(alone.image.data))).toBe(true);
  });

  it('background-from puts the subject of image 1 onto image 2, at image 1’s size', async () => {
    const subject = flat(40, 20, [255, 0, 0]);
    const backdrop = flat(100, 100, [0, 255, 0]);
    const { image, outcomes } = await run([subject, backdrop], [{ op: 'background-from', index: 2 }]);
    expect(outcomes).toEqual(['done']);
    expect([image.width, image.height]).toEqual([40, 20]);
    expect(pixel(image, 5, 10)).toEqual([255, 0, 0]);
    expect(pixel(image, 35, 10)).toEqual([0, 255, 0]);
  });

  it('an aspect crop keeps the detected subject and says which it kept', async () => {
    const { image, raw } = await run([testPhoto(400, 200)], [{ op: 'crop', aspect: { w: 1, h: 1 } }]);
    expect([image.width, image.height]).toEqual([200, 200]);
    expect(raw[0]).toMatchObject({ status: 'done', subject: 'dog' });
    // The dog is at the left edge: the window starts there, not at the centre (x = 100).
    expect(pixel(image, 0, 0)).toEqual(pixel(testPhoto(400, 200), 0, 0));
  });
});
