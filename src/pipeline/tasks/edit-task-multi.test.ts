// The edit task with several images: all of them go to the engine in upload order, and
// a multi-image edit given one image is answered in the user's language.
import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import type { EngineInputs } from '../../engine/types.js';
import type { EditStep, Locale, Plan } from '../types.js';
import { createEditTask } from './edit-task.js';
import type { TaskContext } from './task-handler.js';

const file = (name: string) => ({ data: new Uint8Array([1, 2, 3]), name });

function context(steps: EditStep[], files: number, locale: Locale = 'en') {
  const calls: EngineInputs[] = [];
  const plan: Plan = { task: 'edit', prompt: 'x', steps, unmapped: [], params: {}, locale, hints: [] };
  const ctx: TaskContext = {
    plan,
    images: [],
    files: Array.from({ length: files }, (_, i) => file(`in-${i + 1}.png`)),
    maxPixels: 1_000_000,
    engine: {
      run: async (_task, inputs) => {
        calls.push(inputs);
        const image = { data: new Uint8Array(4 * 4 * 3), width: 4, height: 4, channels: 3 as const };
        return {
          images: [image],
          meta: {
            steps: steps.map((s) => ({ status: 'done', ms: 1, ...(s.op === 'crop' ? { subject: 'dog' } : {}) })),
          },
          timingsMs: {},
        };
      },
    },
    signal: new AbortController().signal,
    progress: () => undefined,
    maxFileBytes: 8_000_000,
  };
  return { ctx, calls };
}

describe('edit task: several images', () => {
  it('sends every image, in order, for a grid', async () => {
    const { ctx, calls } = context([{ op: 'combine', layout: 'grid' }], 3);
    const out = await createEditTask().run(ctx);
    expect(calls[0]?.codec?.files?.map((f) => f.name)).toEqual(['in-1.png', 'in-2.png', 'in-3.png']);
    expect(out.notes).toEqual(['Done: made a grid.']);
  });

  it('sends only the first image for a one-image program, and says which subject a crop kept', async () => {
    const { ctx, calls } = context([{ op: 'crop', aspect: { w: 16, h: 9 } }], 2, 'zh');
    const out = await createEditTask().run(ctx);
    expect(calls[0]?.codec?.files?.map((f) => f.name)).toEqual(['in-1.png']);
    expect(out.notes).toEqual(['已完成：裁剪为 16:9（保留了狗）。']);
  });

  it.each([
    [[{ op: 'combine', layout: 'side-by-side' }], 'en', /“put side by side” needs 2 images and I got 1/],
    [[{ op: 'combine', layout: 'side-by-side' }], 'zh', /需要 2 张图片，但只收到 1 张/],
    [[{ op: 'before-after' }], 'en', /A before\/after needs an edit to compare/],
    [[{ op: 'background-from', index: 2 }], 'zh', /做背景”需要 2 张图片/],
  ] as [EditStep[], Locale, RegExp][])('one image for %j (%s) is answered clearly', async (steps, locale, message) => {
    const { ctx, calls } = context(steps, 1, locale);
    const error = await createEditTask()
      .run(ctx)
      .catch((e: unknown) => e);
    expect(isScanlineError(error) && error.userMessage(locale)).toMatch(message);
    expect(calls).toEqual([]);
  });
});
