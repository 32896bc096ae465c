import { describe, expect, it } from 'vitest';
import type { EngineInputs, EngineProgress, EngineResult, EngineTask, RunOptions } from '../../engine/types.js';
import type { Plan } from '../types.js';
import { generateTask } from './generate-task.js';
import type { EngineClient, TaskContext } from './task-handler.js';

function plan(partial: Partial<Plan> = {}): Plan {
  return { task: 'generate', prompt: 'a red fox in snow', steps: [], params: {}, locale: 'en', hints: [], ...partial };
}

/** An engine that answers 'generate' with a gray image and the given meta, recording what it was asked. */
function fakeEngine(meta: Record<string, unknown> | undefined, width = 64, height = 64) {
  const calls: { task: EngineTask; inputs: EngineInputs }[] = [];
  const engine: EngineClient = {
    async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts?: RunOptions): Promise<EngineResult<T>> {
      calls.push({ task, inputs });
      opts?.onProgress?.({
        fraction: 0.5,
        image: { data: new Uint8Array(width * 8 * 3), width, height: 8, channels: 3 },
      });
      return {
        images: [{ data: new Uint8Array(width * height * 3).fill(128), width, height, channels: 3 }],
        timingsMs: { prefill: 1, tokens: 2, total: 3 },
        ...(meta ? { meta } : {}),
      } as EngineResult<T>;
    },
  };
  return { engine, calls };
}

function context(p: Plan, engine: EngineClient, progress: EngineProgress[] = []): TaskContext {
  return {
    plan: p,
    images: [],
    engine,
    signal: new AbortController().signal,
    progress: (u) => progress.push(u),
    maxFileBytes: 8 * 1024 * 1024,
  };
}

const realMeta = {
  seed: 3,
  seedWasRandom: false,
  previews: 4,
  imageTokens: 576,
  squareSize: 64,
  aspectCropped: false,
  pack: 'janus-pro-1b',
  testPack: false,
};

describe('generate task', () => {
  it('sends prompt, seed and aspect to the engine and returns a PNG', async () => {
    const { engine, calls } = fakeEngine(realMeta);
    const progress: EngineProgress[] = [];
    const out = await generateTask.run(
      context(plan({ params: { seed: 3, aspect: { w: 16, h: 9 } } }), engine, progress),
    );
    expect(calls[0]).toMatchObject({
      task: 'generate',
      inputs: { prompt: 'a red fox in snow', options: { seed: 3, aspect: { w: 16, h: 9 } } },
    });
    expect(out.images[0]!.mime).toBe('image/png');
    expect(out.images[0]!.name).toBe('scanline-3.png');
    expect(progress[0]!.image?.height).toBe(8);
    expect(out.notes).toContain('Seed 3: add --seed 3 to draw this image again.');
    expect(out.text).toBeUndefined();
    expect(out.timingsMs).toMatchObject({ prefill: 1, tokens: 2, engine: 3, previewCount: 4 });
  });

  it('says plainly when the pack is the tiny test pack, in the plan language', async () => {
    const { engine } = fakeEngine({ ...realMeta, pack: 'janus-tiny', testPack: true });
    const en = await generateTask.run(context(plan(), engine));
    expect(en.text).toContain('npx scanline models pull janus-pro-1b');
    expect(en.text).toContain('noise');
    const zh = await generateTask.run(context(plan({ locale: 'zh' }), engine));
    expect(zh.text).toContain('噪点');
  });

  it('explains a centre crop when an aspect ratio was asked', async () => {
    const { engine } = fakeEngine({ ...realMeta, aspectCropped: true }, 64, 36);
    const out = await generateTask.run(context(plan({ params: { aspect: { w: 16, h: 9 } } }), engine));
    expect(out.notes?.some((n) => n.includes('centre cut to 16:9 (64x36)'))).toBe(true);
  });

  it('fails loudly when the engine sends no image', async () => {
    const engine: EngineClient = { run: () => Promise.resolve({ timingsMs: {} }) };
    await expect(generateTask.run(context(plan(), engine))).rejects.toThrow(/no image/);
  });
});
