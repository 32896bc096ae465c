import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../common/errors.js';
import { packLookup } from '../../test/helpers/ocr-pack.js';
import { createPackRegistry } from './pack-registry.js';
import { RunnerTable } from './runner-table.js';
import type { InstalledPack, TaskRunner } from './task-runner.js';
import type { EngineTask } from './types.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/${name}/`, import.meta.url));
const JANUS_TINY = fileURLToPath(new URL('../../models/janus-tiny/', import.meta.url));

/** A runner that answers with its own name, so a test sees which one was picked. */
function named(task: EngineTask, architecture: string | undefined, name: string): TaskRunner {
  return {
    task,
    ...(architecture ? { architecture } : {}),
    run: async () => ({ text: name, timingsMs: {} }),
  };
}

function pack(name: string, tasks: EngineTask[], architecture: string): InstalledPack {
  return {
    manifest: { name, version: '1', description: '', tasks, architecture, files: {}, license: 'MIT', source: 'test' },
    dir: `/packs/${name}`,
    origin: 'user',
    file: () => `/packs/${name}/x`,
  };
}

function table(...runners: TaskRunner[]): RunnerTable {
  const t = new RunnerTable();
  for (const r of runners) t.add(r);
  return t;
}

describe('RunnerTable', () => {
  const janus = named('understand', 'janus', 'janus');
  const qwen = named('understand', 'qwen2-vl', 'qwen');

  it('picks the runner of the preferred pack architecture, beside others for the same task', () => {
    const both = table(janus, qwen);
    expect(both.pick('understand', packLookup([pack('q', ['understand'], 'qwen2-vl')]))).toBe(qwen);
    expect(
      both.pick('understand', packLookup([pack('j', ['understand'], 'janus'), pack('q', ['understand'], 'qwen2-vl')])),
    ).toBe(janus);
  });

  it('with no pack installed hands the run to the task default, which names the pack to pull', () => {
    expect(table(janus, qwen).pick('understand', packLookup([]))).toBe(janus);
  });

  it('runs a packless runner whatever is installed, and answers task_unavailable without a runner', () => {
    const edges = named('edges', undefined, 'edges');
    expect(table(edges).pick('edges', packLookup([]))).toBe(edges);
    const error = (() => {
      try {
        table(edges).pick('depth', packLookup([]));
      } catch (e) {
        return e;
      }
    })();
    expect(isScanlineError(error) && error.code).toBe('task_unavailable');
  });

  it('replaces a runner of the same task and architecture; a packless one replaces the whole task', () => {
    const janus2 = named('understand', 'janus', 'janus2');
    expect(table(janus, qwen, janus2).all()).toEqual([qwen, janus2]);
    const echo = named('understand', undefined, 'echo');
    expect(table(janus, qwen, echo).all()).toEqual([echo]);
  });

  it('an installed pack of an architecture without a runner is a clear error (fixture manifest)', () => {
    const registry = createPackRegistry(
      { modelsDirs: [fixture('qwen2-vl-unsupported'), JANUS_TINY], repoModelsDir: fixture('none'), npmPacks: [] },
      () => undefined,
    );
    expect(registry.findAll('understand').map((p) => p.manifest.name)).toEqual(['qwen2-vl-unsupported', 'janus-tiny']);
    let error: unknown;
    try {
      table(janus).pick('understand', registry);
    } catch (e) {
      error = e;
    }
    expect(isScanlineError(error) && error.code).toBe('pack_architecture_unsupported');
    expect(isScanlineError(error) && error.params).toEqual({
      task: 'understand',
      pack: 'qwen2-vl-unsupported',
      architecture: 'qwen2-vl',
    });
    expect(isScanlineError(error) && error.exitCode).toBe(5);
    expect((error as Error).message).toContain('qwen2-vl');
  });
});
