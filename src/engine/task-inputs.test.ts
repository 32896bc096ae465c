import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../common/errors.js';
import { checkRunInputs, EngineInputError } from './task-inputs.js';
import type { EngineInputs, EngineTask } from './types.js';

/** What a caller outside the type system (a replayed plan, a plugin) might send. */
const untyped = (inputs: object): EngineInputs<EngineTask> => inputs as EngineInputs<EngineTask>;

function errorOf(task: EngineTask, inputs: object): unknown {
  try {
    checkRunInputs(task, untyped(inputs));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkRunInputs', () => {
  it('passes typed options through unchanged', () => {
    const inputs = { images: [], prompt: 'a fox', options: { seed: 3, aspect: { w: 16, h: 9 }, previews: false } };
    expect(checkRunInputs('generate', inputs)).toEqual(inputs);
    expect(checkRunInputs('ocr', { images: [] }).options).toEqual({});
  });

  it.each([
    ['generate', { seed: -1 }, /options\.seed/],
    ['generate', { seed: '3' }, /options\.seed/],
    ['understand', { maxNewTokens: 0 }, /options\.maxNewTokens/],
    ['ground', { maxNewTokens: 5000 }, /options\.maxNewTokens/],
    ['ground', { temperature: 0.5 }, /temperature/],
    ['segment', { box: [1, 2, 3] }, /options\.box/],
    ['ocr', { dropscore: 0.5 }, /dropscore/],
    ['depth', { anything: 1 }, /anything/],
  ] as const)('refuses %s options %j with an EngineInputError naming the field', (task, options, field) => {
    const error = errorOf(task, { images: [], options });
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as Error).message).toMatch(new RegExp(`engine\\.run\\('${task}'\\)`));
    expect((error as Error).message).toMatch(field);
  });

  it('refuses an unknown task and a prompt that is not a string', () => {
    expect(errorOf('melt' as EngineTask, { images: [] })).toBeInstanceOf(EngineInputError);
    expect((errorOf('understand', { images: [], prompt: 42 }) as Error).message).toMatch(/prompt/);
  });

  it('answers edit programs with the user-facing edit_step_invalid', () => {
    const error = errorOf('edit', { images: [], options: { steps: [{ op: 'melt' }] } });
    expect(isScanlineError(error) && error.code).toBe('edit_step_invalid');
    const steps = [{ op: 'grayscale' }];
    expect(checkRunInputs('edit', untyped({ images: [], options: { steps } })).options).toEqual({ steps });
  });
});
