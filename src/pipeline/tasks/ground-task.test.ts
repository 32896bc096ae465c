import { describe, expect, it } from 'vitest';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { inThreadEngine } from '../../../test/helpers/engine/vision-context.js';
import { ScanlineError } from '../../common/errors.js';
import { createDetectRunner } from '../../engine/detect/index.js';
import type { EngineInputs, EngineResult, EngineTask, RawImage, Region, RunOptions } from '../../engine/types.js';
import type { Locale, Plan } from '../types.js';
import { groundTask } from './ground-task.js';
import type { EngineClient, TaskContext } from './task-handler.js';

function context(prompt: string, engine: EngineClient, image: RawImage, locale: Locale = 'en'): TaskContext {
  const plan: Plan = { task: 'ground', prompt, steps: [], params: {}, locale, hints: [] };
  return {
    plan,
    images: [image],
    engine,
    signal: new AbortController().signal,
    progress: () => undefined,
    maxFileBytes: 8 * 1024 * 1024,
  };
}

const grey = (): RawImage => ({ data: new Uint8Array(200 * 100 * 3).fill(128), width: 200, height: 100, channels: 3 });

type Answer = (task: EngineTask, inputs: EngineInputs) => EngineResult | Error;

/** An engine that answers each run with `answer` and, as the real one does, detaches the inputs it was sent. */
function fakeEngine(answer: Answer) {
  const calls: { task: EngineTask; prompt?: string; bytes: number }[] = [];
  const engine: EngineClient = {
    async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, _opts?: RunOptions): Promise<EngineResult<T>> {
      const bytes = inputs.images[0]?.data.byteLength ?? 0;
      calls.push({ task, ...(inputs.prompt !== undefined ? { prompt: inputs.prompt } : {}), bytes });
      for (const image of inputs.images) {
        const buffer = image.data.buffer as ArrayBuffer;
        structuredClone(buffer, { transfer: [buffer] });
      }
      const out = answer(task, inputs);
      if (out instanceof Error) throw out;
      return out as EngineResult<T>;
    },
  };
  return { engine, calls };
}

const noQwen = new ScanlineError('model_missing', { task: 'ground', pack: 'qwen2-vl-2b' });
const region = (label: string, box: Region['box'], score = 1): Region => ({ label, score, box });

describe('ground handler', () => {
  it('draws the boxes Qwen-VL found and returns them in pixels and 0-1000', async () => {
    const { engine, calls } = fakeEngine(() => ({
      regions: [region('the red umbrella', [20, 10, 120, 60]), region('', [150, 50, 200, 100])],
      timingsMs: { generate: 5, total: 6 },
    }));
    const out = await groundTask.run(context('red umbrella', engine, grey()));
    expect(calls.map((c) => [c.task, c.prompt])).toEqual([['ground', 'red umbrella']]);
    expect(out.annotations).toEqual([
      { kind: 'object', label: 'the red umbrella', score: 1, box: [20, 10, 120, 60], box1000: [100, 100, 600, 600] },
      { kind: 'object', label: 'red umbrella', score: 1, box: [150, 50, 200, 100], box1000: [750, 500, 1000, 1000] },
    ]);
    expect(out.text).toBe('the red umbrella: 1 box\nred umbrella: 1 box\n1. the red umbrella\n2. red umbrella');
    expect(out.notes).toEqual(['Boxes from Qwen-VL.']);
    expect(out.images[0]).toMatchObject({ mime: 'image/png', width: 200, height: 100 });
  });

  it('says so in Chinese when Qwen-VL finds nothing', async () => {
    const { engine } = fakeEngine(() => ({ regions: [], timingsMs: { total: 1 } }));
    const out = await groundTask.run(context('红色的伞', engine, grey(), 'zh'));
    expect(out.text).toBe('这张图片里没有找到红色的伞。');
    expect(out.annotations).toEqual([]);
  });

  it('without Qwen-VL, asks COCO detection for the named class alone, on an undetached copy of the image', async () => {
    const { engine, calls } = fakeEngine((task) =>
      task === 'ground'
        ? noQwen
        : {
            regions: [region('umbrella', [0, 0, 100, 50], 0.8), region('umbrella', [100, 50, 200, 100], 0.3)],
            timingsMs: { total: 2 },
          },
    );
    const out = await groundTask.run(context('the red umbrella', engine, grey(), 'zh'));
    expect(calls).toEqual([
      { task: 'ground', prompt: 'the red umbrella', bytes: 60000 },
      { task: 'detect', prompt: 'umbrella', bytes: 60000 },
    ]);
    expect(out.annotations?.map((a) => [a.label, a.box1000, a.maybe])).toEqual([
      ['umbrella', [0, 0, 500, 500], undefined],
      ['umbrella', [500, 500, 1000, 1000], true],
    ]);
    expect(out.text).toBe('雨伞：2 个框\n1. 雨伞\n2. 可能是雨伞');
    expect(out.notes).toEqual([expect.stringContaining('COCO 检测')]);
    expect(out.notes?.[0]).toContain('npx scanline models pull qwen2-vl-2b');
  });

  it('falls back the same way when the server has no ground runner at all', async () => {
    const { engine, calls } = fakeEngine((task) =>
      task === 'ground'
        ? new ScanlineError('task_unavailable', { task: 'ground' })
        : { regions: [region('dog', [1, 2, 3, 4], 0.9)], timingsMs: { total: 1 } },
    );
    const out = await groundTask.run(context('dog', engine, grey()));
    expect(calls.map((c) => c.task)).toEqual(['ground', 'detect']);
    expect(out.text).toBe('dog: 1 box');
    expect(out.notes?.[0]).toMatch(/COCO detection.*npx scanline models pull qwen2-vl-2b/);
  });

  it("names the pull command for a phrase COCO detection cannot answer (the giraffe's head)", async () => {
    const { engine, calls } = fakeEngine(() => noQwen);
    const run = groundTask.run(context("giraffe's head", engine, grey()));
    await expect(run).rejects.toMatchObject({ code: 'ground_model_missing', params: { pack: 'qwen2-vl-2b' } });
    await expect(run).rejects.toThrow(/"giraffe's head" needs a Qwen-VL model.*npx scanline models pull qwen2-vl-2b/);
    expect(calls.map((c) => c.task)).toEqual(['ground']);
  });

  it('lets other failures through (a missing detector is not a missing Qwen-VL)', async () => {
    const missingDetect = new ScanlineError('model_missing', { task: 'detect', pack: 'centernet' });
    const { engine } = fakeEngine(() => missingDetect);
    await expect(groundTask.run(context('dog', engine, grey()))).rejects.toBe(missingDetect);
  });

  it('finds the person in a real photo with the real detector when no Qwen-VL is installed', async () => {
    const detect = inThreadEngine([createDetectRunner()]);
    const engine: EngineClient = {
      run: (task, inputs, opts) => (task === 'ground' ? Promise.reject(noQwen) : detect.run(task, inputs, opts)),
    };
    const out = await groundTask.run(context('the person', engine, await loadPhoto('astronaut.jpg')));
    expect(out.annotations?.[0]).toMatchObject({ kind: 'object', label: 'person' });
    expect(out.text).toBe('person: 1 box');
  });

  it('treats the tiny test pack as no model for COCO kinds, and names its boxes as noise for anything else', async () => {
    const testMeta = {
      tokens: 8,
      stop: 'length' as const,
      pack: 'qwen2-vl-tiny',
      testPack: true,
      realPack: 'qwen2-vl-2b',
    };
    const { engine, calls } = fakeEngine((task) =>
      task === 'ground'
        ? { regions: [region('', [1, 2, 30, 40])], meta: testMeta, timingsMs: { total: 1 } }
        : { regions: [region('dog', [10, 10, 90, 80], 0.3)], timingsMs: { total: 2 } },
    );
    const dog = await groundTask.run(context('the dog', engine, grey()));
    // One detector box under the calibrated floor: named as a guess, as detect does.
    expect(dog.text).toBe('maybe a dog: 1 box');
    expect(calls.map((c) => c.task)).toEqual(['ground', 'detect']);
    expect(dog.annotations?.map((a) => a.label)).toEqual(['dog']);
    expect(dog.notes?.[0]).toMatch(/tiny test pack \(qwen2-vl-tiny\).*COCO detection.*models pull qwen2-vl-2b/);

    calls.length = 0;
    const head = await groundTask.run(context("the giraffe's head", engine, grey(), 'zh'));
    expect(calls.map((c) => c.task)).toEqual(['ground']);
    expect(head.annotations?.map((a) => a.label)).toEqual(["the giraffe's head"]);
    expect(head.notes?.[0]).toMatch(/微型 Qwen-VL 测试模型包.*qwen2-vl-2b/);
  });
});
