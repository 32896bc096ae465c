import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../../test/helpers/make-request.js';
import type { EngineTask } from '../../engine/types.js';
import { parseCommand } from '../router/command.js';
import { parseParams } from '../router/params.js';
import { ROUTER_CASES } from '../router/router-cases.js';
import { route } from '../router/router.js';
import type { Plan, Task } from '../types.js';
import type { TaskContext } from './task-handler.js';
import { TASKS, hasFlag, isTask, tableHandlers, taskEntry, tasksWhere } from './task-table.js';

const HAN = /\p{Script=Han}/u;

describe('the task table', () => {
  it.each(TASKS)('%s has words, status, doing and help in English and Chinese', (task) => {
    const entry = taskEntry(task);
    expect(entry.words.en[0]).toBe(task);
    expect(entry.words.zh.length).toBeGreaterThan(0);
    for (const text of [entry.status, entry.doing, entry.help]) {
      expect(text.en.trim()).not.toBe('');
      expect(text.zh).toMatch(HAN);
    }
    // The help part shows an example in quotes, as the help sentence promises.
    expect(entry.help.en).toMatch(/\("[^"]+"/);
    expect(entry.help.zh).toMatch(/（「[^」]+」/);
  });

  it('gives every word to one task only, in lower case, and reads it back as a command and a --task value', () => {
    const seen = new Map<string, Task>();
    for (const task of TASKS) {
      for (const word of [...taskEntry(task).words.en, ...taskEntry(task).words.zh]) {
        expect(seen.get(word), `"${word}" names ${seen.get(word)} and ${task}`).toBeUndefined();
        seen.set(word, task);
        expect(word).toBe(word.trim().toLowerCase());
        expect(parseCommand(`/${word} x`)?.task).toBe(task);
        expect(parseParams(`x --task ${word}`).task).toBe(task);
      }
    }
  });

  it('keeps the flags consistent with each other, the handler and the parameters', () => {
    for (const task of TASKS) {
      const { params, handler } = taskEntry(task);
      const why = `${task}: ${taskEntry(task).flags.join(', ')}`;
      // Reroll draws the picture again with a new seed; only a drawing from scratch can ignore the image.
      if (hasFlag(task, 'reroll')) expect(hasFlag(task, 'picture') && params.includes('seed'), why).toBe(true);
      if (hasFlag(task, 'drawn')) expect(hasFlag(task, 'reroll') && !handler.needsImage, why).toBe(true);
      // /annotate marks up an attached image; its result is not a new picture to edit further.
      if (hasFlag(task, 'annotate')) expect(handler.needsImage && !hasFlag(task, 'picture'), why).toBe(true);
      // A shape only means something for a picture.
      if (params.includes('aspect')) expect(hasFlag(task, 'picture'), why).toBe(true);
      expect(new Set(params).size).toBe(params.length);
    }
    expect(tasksWhere('annotate')).toEqual(['ocr', 'detect', 'ground', 'segment', 'edges', 'depth']);
  });

  it('hands the pipeline a handler for every task, and knows its names', () => {
    expect(Object.keys(tableHandlers())).toEqual([...TASKS]);
    expect(isTask('detect')).toBe(true);
    expect(isTask('toString')).toBe(false);
  });

  it.each(TASKS)('%s has router cases in English and Chinese', (task) => {
    const cases = ROUTER_CASES.filter((c) => c.expect.task === task && !c.task);
    expect(cases.some((c) => c.expect.locale === 'en')).toBe(true);
    expect(cases.some((c) => c.expect.locale === 'zh')).toBe(true);
  });
});

/** The plan of the task's first router case understood whole (with an image when the task needs one). */
function planFor(task: Task): Plan {
  const images = taskEntry(task).handler.needsImage ? 1 : 0;
  for (const c of ROUTER_CASES) {
    if (c.expect.task !== task || c.expect.hint || (c.images ?? 0) !== images) continue;
    const plan = route(makeRequest({ text: c.text, images }));
    if ((plan.unmapped ?? []).length === 0) return plan;
  }
  throw new Error(`no router case for ${task}`);
}

class Stop extends Error {}

describe('the engine tasks a handler runs are the ones its entry names', () => {
  it.each(TASKS)('%s', async (task) => {
    const asked: EngineTask[] = [];
    const ctx: TaskContext = {
      plan: planFor(task),
      images: [{ data: new Uint8Array(16 * 16 * 3), width: 16, height: 16, channels: 3 }],
      engine: {
        run(engineTask) {
          asked.push(engineTask);
          return Promise.reject(new Stop());
        },
      },
      signal: new AbortController().signal,
      progress: () => undefined,
      maxFileBytes: 1024 * 1024,
    };
    // The fake engine stops the handler at its first call.
    await expect(taskEntry(task).handler.run(ctx)).rejects.toBeInstanceOf(Stop);
    expect(asked).toHaveLength(1);
    expect(taskEntry(task).engine).toContain(asked[0]);
  });
});
