// "change the cup's (motorcycle's) color to blue" through the edit runner: the
// worker's own masks (detector + GrabCut, in this thread) drive the recolor step.
// The hue inside the mask moves toward blue; every pixel outside it stays byte-identical.
import { describe, expect, it } from 'vitest';
import { loadDebianPhoto, loadPhoto } from '../../../test/fixtures/photos/photos.js';
import type { EditStep, EditStepOutcome } from '../../common/edit-step.js';
import type { TaskRunner } from '../task-runner.js';
import { inThreadEngine, npmPacks, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import type { EngineInputs, RawImage } from '../types.js';
import { createSegmentRunner } from '../vision/index.js';
import { createEditRunner } from './runner.js';
import { segmentMasks, type MaskSource } from './segment-masks.js';

const segment = createSegmentRunner({ findIsNet: () => undefined });
const segmentCalls: EngineInputs<'segment'>[] = [];
const spiedSegment: TaskRunner<'segment'> = {
  task: 'segment',
  run: (inputs, ctx) => {
    segmentCalls.push(inputs);
    return segment.run(inputs, ctx);
  },
};
const motorcycle = await loadDebianPhoto('motorcycle');

/** Hue in degrees, or undefined for greys. */
function hue(r: number, g: number, b: number): number | undefined {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 12) return undefined;
  let h: number;
  if (max === r) h = ((g - b) / (max - min)) % 6;
  else if (max === g) h = (b - r) / (max - min) + 2;
  else h = (r - g) / (max - min) + 4;
  return (h * 60 + 360) % 360;
}

/** Share of coloured pixels under the mask whose hue is blue (190-260 degrees). */
function blueShare(image: RawImage, mask: Uint8Array, only: (i: number) => boolean = () => true): number {
  let blue = 0;
  let coloured = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]! < 128 || !only(i)) continue;
    const j = i * image.channels;
    const h = hue(image.data[j]!, image.data[j + 1]!, image.data[j + 2]!);
    if (h === undefined) continue;
    coloured++;
    if (h >= 190 && h <= 260) blue++;
  }
  return coloured ? blue / coloured : 0;
}

/** The worker's mask source, recording each mask it hands out. */
function recorded(source: MaskSource): { source: MaskSource; used: Uint8Array[] } {
  const used: Uint8Array[] = [];
  return {
    used,
    source: (ctx) => {
      const provider = source(ctx);
      return {
        mask: async (image, target, c) => {
          const m = await provider.mask(image, target, c);
          used.push(m);
          return m;
        },
      };
    },
  };
}

/** `own`: the hue of the object's paint, when the cut-out also holds other colours that must stay. */
async function recolorTest(photo: RawImage, target: string, own?: number): Promise<void> {
  const before = photo.data.slice();
  // Record the mask the step actually used, to measure inside and outside it.
  const { source, used } = recorded(segmentMasks(spiedSegment));
  const engine = inThreadEngine([createEditRunner({ masks: source })]);
  const result = await engine.run('edit', {
    images: [photo],
    options: { steps: [{ op: 'recolor', target, color: 'blue' }] },
  });
  expect(result.meta?.['steps']).toMatchObject([{ status: 'done' }]);
  const edited = result.images![0]!;
  expect(photo.data).toEqual(before); // the runner never writes into its input
  expect(used).toHaveLength(1);
  const mask = used[0]!;
  expect(mask.length).toBe(photo.width * photo.height);
  const selected = mask.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  expect(selected).toBeGreaterThan(mask.length * 0.03);
  expect(selected).toBeLessThan(mask.length * 0.7);
  expect(blueShare(photo, mask)).toBeLessThan(0.1);
  // The object's own colour turned blue (own-colour.ts): all of the cup; the motorcycle's red paint, while the
  // wood and cardboard its rough cut-out took along keep their colour.
  const ownColour = (i: number) => {
    const h = hue(before[i * 3]!, before[i * 3 + 1]!, before[i * 3 + 2]!);
    return own === undefined || (h !== undefined && Math.min(Math.abs(h - own), 360 - Math.abs(h - own)) <= 15);
  };
  expect(blueShare(edited, mask, ownColour)).toBeGreaterThan(0.8);
  if (own !== undefined) {
    // Hues well away from the paint's (the wood and cardboard, 25-60 degrees from red) keep their colour.
    const away = (i: number) => {
      const h = hue(before[i * 3]!, before[i * 3 + 1]!, before[i * 3 + 2]!);
      const d = h === undefined ? 0 : Math.min(Math.abs(h - own), 360 - Math.abs(h - own));
      return d >= 25 && d <= 60;
    };
    expect(blueShare(edited, mask, away)).toBeLessThan(0.05);
  }
  let changedOutside = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) continue;
    for (let c = 0; c < 3; c++) if (edited.data[i * 3 + c] !== before[i * 3 + c]) changedOutside++;
  }
  expect(changedOutside).toBe(0);
}

describe('segment masks in the edit runner + recolor', () => {
  it("change the cup's color to blue", async () => {
    await recolorTest(await loadPhoto('coffee-cup.jpg'), 'cup');
  });

  it.skipIf(!motorcycle)("change the motorcycle's color to blue", async () => {
    await recolorTest(motorcycle!, 'motorcycle', 0);
  });

  it('a target the detector cannot find is a skipped step, and the other steps still run', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const engine = inThreadEngine([createEditRunner({ masks: segmentMasks(spiedSegment) })]);
    const result = await engine.run('edit', {
      images: [photo],
      options: { steps: [{ op: 'recolor', target: 'giraffe', color: 'blue' }, { op: 'invert' }] },
    });
    const outcomes = result.meta?.['steps'] as EditStepOutcome[];
    expect(outcomes.map((o) => (o.status === 'done' ? 'done' : o.reason))).toEqual(['target_not_found', 'done']);
    expect(result.images![0]!.data[0]).toBe(255 - photo.data[0]!);
  });

  it('foreground masks come from the same segment runner', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const provider = segmentMasks(spiedSegment)(runnerContext(npmPacks()));
    const mask = await provider.mask(photo, 'foreground', { throwIfAborted: () => undefined });
    expect(segmentCalls.at(-1)?.options).toEqual({ overlay: false, mode: 'foreground' });
    // The astronaut stands in the middle-left; the top corners are background.
    expect(mask[5 * 400 + 5]).toBe(0);
    expect(mask[200 * 400 + 150]).toBeGreaterThanOrEqual(128);
  });
});

const dogBicycle = await loadDebianPhoto('dog-bicycle');

describe('honest mask outcomes', () => {
  async function outcomesOf(photo: RawImage, steps: EditStep[]): Promise<EditStepOutcome[]> {
    const engine = inThreadEngine([createEditRunner({ masks: segmentMasks(spiedSegment) })]);
    const result = await engine.run('edit', { images: [photo], options: { steps } });
    return result.meta?.steps as EditStepOutcome[];
  }

  it.skipIf(!motorcycle)('the motorcycle recolor is done, but its GrabCut cut-out is measured rough', async () => {
    const [outcome] = await outcomesOf(motorcycle!, [{ op: 'recolor', target: 'motorcycle', color: 'blue' }]);
    expect(outcome).toMatchObject({ status: 'done', mask: { quality: 'rough' } });
    expect(outcome?.status === 'done' && outcome.mask?.reasons?.length).toBeGreaterThan(0);
  });

  it.skipIf(!dogBicycle)(
    'removing the background of the cluttered porch is rough; a step without a mask is not',
    async () => {
      const outcomes = await outcomesOf(dogBicycle!, [{ op: 'background', mode: 'remove' }, { op: 'invert' }]);
      expect(outcomes[0]).toMatchObject({ status: 'done', mask: { quality: 'rough' } });
      expect(outcomes[1]).toEqual({ status: 'done', ms: expect.any(Number) });
    },
  );

  it('the close-up cat, scored higher as a dog on the same box, is a stand-in on the outcome, and its cut-out rough', async () => {
    const [outcome] = await outcomesOf(await loadPhoto('chelsea-cat.jpg'), [
      { op: 'recolor', target: 'cat', color: 'blue' },
    ]);
    expect(outcome).toMatchObject({
      status: 'done',
      mask: { quality: 'rough', found: { label: 'dog', standIn: true } },
    });
    expect(outcome?.status === 'done' && outcome.mask?.found?.score).toBeLessThan(0.5);
  });
});
