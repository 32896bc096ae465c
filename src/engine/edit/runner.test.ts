import { describe, expect, it } from 'vitest';
import type { EditStep, EditStepOutcome } from '../../common/edit-step.js';
import { isScanlineError } from '../../common/errors.js';
import type { TaskContext } from '../task-runner.js';
import { checkRunInputs } from '../task-inputs.js';
import type { EditTaskMeta, EditTaskOptions, EngineProgress, RawImage } from '../types.js';
import { testPhoto } from '../../../test/helpers/engine/test-photo.js';
import type { MaskProvider } from './mask-provider.js';
import { createEditRunner, EDIT_PREVIEW_SIDE } from './runner.js';

/** A runner context without packs or sessions: these tests never touch a model. */
function context(progress: EngineProgress[] = [], throwIfAborted: () => void = () => undefined): TaskContext {
  return {
    packs: { find: () => undefined, findAll: () => [], list: () => [] },
    sessions: { create: () => Promise.reject(new Error('no sessions in this test')) },
    throwIfAborted,
    progress: (p) => progress.push(p),
  };
}

const leftHalf = (width: number, height: number): Uint8Array => {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) mask.fill(255, y * width, y * width + width / 2);
  return mask;
};

const fixedMasks: MaskProvider = { mask: async (image) => leftHalf(image.width, image.height) };
const runner = createEditRunner({ masks: () => fixedMasks });

/** Runs the program as the worker does: checked at the boundary first, as plain JSON from the caller. */
async function run(
  image: RawImage,
  steps: unknown,
  progress: EngineProgress[] = [],
  extra: Record<string, unknown> = {},
) {
  const options = { steps, ...extra } as unknown as EditTaskOptions;
  return runner.run(checkRunInputs('edit', { images: [image], options }), context(progress));
}

const outcomes = (meta: EditTaskMeta | undefined) =>
  (meta?.steps as EditStepOutcome[]).map((o) => (o.status === 'done' ? 'done' : o.reason));

describe('edit runner', () => {
  it('runs the steps in order, with one preview per step and a timing for each', async () => {
    const input = testPhoto(120, 80);
    const before = input.data.slice();
    const progress: EngineProgress[] = [];
    const steps: EditStep[] = [
      { op: 'rotate', degrees: 90 },
      { op: 'grayscale' },
      { op: 'crop', aspect: { w: 1, h: 1 } },
    ];
    const result = await run(input, steps, progress);
    expect(outcomes(result.meta)).toEqual(['done', 'done', 'done']);
    expect(progress.map((p) => p.fraction)).toEqual([1 / 3, 2 / 3, 1]);
    expect(progress.map((p) => [p.image?.width, p.image?.height])).toEqual([
      [80, 120],
      [80, 120],
      [80, 80],
    ]);
    const out = result.images![0]!;
    expect([out.width, out.height]).toEqual([80, 80]);
    // Previews are copies: the worker transfers them away while it keeps working.
    expect(progress.at(-1)?.image?.data.buffer).not.toBe(out.data.buffer);
    expect(progress.at(-1)?.image?.data).toEqual(out.data);
    expect(Object.keys(result.timingsMs)).toEqual(['step1_rotate', 'step2_grayscale', 'step3_crop', 'total']);
    expect(input.data).toEqual(before);
  });

  it('sends previews no larger than the preview side, and the result at full size', async () => {
    const progress: EngineProgress[] = [];
    const result = await run(testPhoto(2400, 1600), [{ op: 'grayscale' }], progress);
    expect(progress.map((p) => [p.image?.width, p.image?.height])).toEqual([
      [EDIT_PREVIEW_SIDE, Math.round((EDIT_PREVIEW_SIDE * 1600) / 2400)],
    ]);
    expect([result.images![0]!.width, result.images![0]!.height]).toEqual([2400, 1600]);
  });

  it('recolours only inside the mask its mask source gives', async () => {
    const input = testPhoto(80, 60);
    const result = await run(input, [{ op: 'recolor', target: 'car', color: 'green' }]);
    const out = result.images![0]!;
    let insideChanged = 0;
    for (let y = 0; y < 60; y += 1) {
      for (let x = 0; x < 80; x += 1) {
        const j = (y * 80 + x) * 3;
        const same = [0, 1, 2].every((c) => out.data[j + c] === input.data[j + c]);
        if (x >= 40) expect(same).toBe(true);
        else if (!same) insideChanged += 1;
      }
    }
    // A named object changes its own colour (own-colour.ts): here the red disc, the hue the cut-out has and the
    // rest of the picture has not.
    expect(insideChanged).toBeGreaterThan(40 * 60 * 0.2);
  });

  it('skips what it cannot do and says why, and still runs the rest', async () => {
    const progress: EngineProgress[] = [];
    const steps: EditStep[] = [
      { op: 'style', style: 'cubism' },
      { op: 'background', mode: 'blur' },
      { op: 'remove', target: 'person' },
      { op: 'invert' },
    ];
    const input = testPhoto(40, 30);
    const result = await run(input, steps, progress, { masks: false });
    expect(outcomes(result.meta)).toEqual(['unsupported', 'needs_mask', 'unsupported', 'done']);
    // Every step reports progress; only a step that ran sends a picture.
    expect(progress.map((p) => p.image !== undefined)).toEqual([false, false, false, true]);
    expect(result.images![0]!.data[0]).toBe(255 - input.data[0]!);
  });

  it('a mask step whose detector pack is missing is skipped as needing masks', async () => {
    // The default mask source is the real segment runner; this context has no packs at all.
    const result = await createEditRunner().run(
      { images: [testPhoto(40, 30)], options: { steps: [{ op: 'recolor', target: 'car', color: 'red' }] } },
      context(),
    );
    expect(outcomes(result.meta)).toEqual(['needs_mask']);
  });

  it.each([
    ['no steps option', undefined, /steps/],
    ['an empty program', [], /steps/],
    ['an unknown op', [{ op: 'grayscale' }, { op: 'melt' }], /step 2/],
    ['a missing field', [{ op: 'rotate' }], /step 1.*degrees/],
    ['a number that is not finite', [{ op: 'blur', sigma: Number.NaN }], /step 1.*sigma/],
    ['an extra field', [{ op: 'invert', strength: 2 }], /step 1/],
    ['a resize with two sizes', [{ op: 'resize', width: 100, longSide: 200 }], /step 1.*exactly one/],
    ['a resize with no size', [{ op: 'resize' }], /step 1.*exactly one/],
  ])('rejects %s with edit_step_invalid', async (_name, steps, message) => {
    const error = await run(testPhoto(8, 8), steps).catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('edit_step_invalid');
    expect(String((error as Error).message)).toMatch(message);
  });

  it('stops between steps when the job is cancelled', async () => {
    const progress: EngineProgress[] = [];
    let checks = 0;
    const ctx = context(progress, () => {
      checks += 1;
      if (checks > 1) throw new DOMException('cancelled', 'AbortError');
    });
    const steps: EditStep[] = [{ op: 'grayscale' }, { op: 'invert' }, { op: 'flip', axis: 'vertical' }];
    await expect(runner.run({ images: [testPhoto(20, 20)], options: { steps } }, ctx)).rejects.toThrow('cancelled');
    expect(progress).toHaveLength(1);
  });
});
