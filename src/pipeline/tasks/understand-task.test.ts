import { describe, expect, it } from 'vitest';
import type {
  EngineInputs,
  EngineProgress,
  EngineResult,
  EngineTask,
  RunOptions,
  UnderstandTaskMeta,
} from '../../engine/types.js';
import type { Plan } from '../types.js';
import type { EngineClient, TaskContext } from './task-handler.js';
import { understandTask } from './understand-task.js';

function plan(partial: Partial<Plan> = {}): Plan {
  return {
    task: 'understand',
    prompt: 'what is in this picture?',
    steps: [],
    params: {},
    locale: 'en',
    hints: [],
    ...partial,
  };
}

function fakeEngine(text: string, meta: UnderstandTaskMeta) {
  const calls: { task: EngineTask; inputs: EngineInputs }[] = [];
  const engine: EngineClient = {
    async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts?: RunOptions): Promise<EngineResult<T>> {
      calls.push({ task, inputs });
      opts?.onProgress?.({ fraction: 0.1, text: text.slice(0, 3) });
      opts?.onProgress?.({ fraction: 0.2, text });
      return { text, timingsMs: { prefill: 1, tokens: 2, total: 3 }, meta } as EngineResult<T>;
    },
  };
  return { engine, calls };
}

function context(p: Plan, engine: EngineClient, progress: EngineProgress[] = []): TaskContext {
  return {
    plan: p,
    images: [{ data: new Uint8Array(4 * 4 * 3), width: 4, height: 4, channels: 3 }],
    engine,
    signal: new AbortController().signal,
    progress: (u) => progress.push(u),
    maxFileBytes: 1024,
  };
}

describe('understand task', () => {
  it('asks the engine about the first image and streams the answer as progress text', async () => {
    const { engine, calls } = fakeEngine('A red fox.', {
      tokens: 4,
      stop: 'eos',
      pack: 'janus-pro-1b',
      testPack: false,
      realPack: 'janus-pro-1b',
    });
    const progress: EngineProgress[] = [];
    const out = await understandTask.run(context(plan(), engine, progress));
    expect(calls[0]!.task).toBe('understand');
    expect(calls[0]!.inputs.prompt).toBe('what is in this picture?');
    expect(calls[0]!.inputs.images).toHaveLength(1);
    expect(progress.map((p) => p.text)).toEqual(['A r', 'A red fox.']);
    expect(out).toMatchObject({ images: [], text: 'A red fox.', notes: [] });
  });

  it('asks for a description when there is no question, in the plan language', async () => {
    const { engine, calls } = fakeEngine('一只狐狸', {
      tokens: 4,
      stop: 'length',
      pack: 'janus-tiny',
      testPack: true,
      realPack: 'janus-pro-1b',
    });
    const out = await understandTask.run(context(plan({ prompt: ' ', locale: 'zh' }), engine));
    expect(calls[0]!.inputs.prompt).toBe('描述这张图片。');
    expect(out.notes).toEqual(['回答在 4 个词元处被截断。', expect.stringContaining('janus-pro-1b')]);
  });

  it('says so when the model answers nothing', async () => {
    const { engine } = fakeEngine('', {
      tokens: 0,
      stop: 'eos',
      pack: 'janus-pro-1b',
      testPack: false,
      realPack: 'janus-pro-1b',
    });
    expect((await understandTask.run(context(plan(), engine))).text).toBe('The model gave no answer.');
  });
});
