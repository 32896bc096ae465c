// Test wiring for the perception runners: the real pack registry (npm packs
// only: CenterNet from @vladmandic/human), CPU sessions, and an EngineClient
// that runs runners in this thread (the worker path has its own test).
import { finishResult, prepareInputs } from '../../../src/engine/codec/image-codec.js';
import { createPackRegistry } from '../../../src/engine/pack-registry.js';
import { checkRunInputs } from '../../../src/engine/task-inputs.js';
import type { PackLookup, SessionFactory, TaskContext, TaskRunner } from '../../../src/engine/task-runner.js';
import type { EngineInputs, EngineProgress, EngineResult, EngineTask, RunOptions } from '../../../src/engine/types.js';
import * as ort from 'onnxruntime-node';

/** npm packs only: no user folders, no repo models/. */
export function npmPacks(): PackLookup {
  return createPackRegistry({ modelsDirs: [], repoModelsDir: '/nonexistent-scanline-models' }, () => {});
}

export function cpuSessionFactory(): SessionFactory {
  return {
    create: (path) =>
      ort.InferenceSession.create(path, {
        executionProviders: ['cpu'],
        intraOpNumThreads: 2,
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      }),
  };
}

export function runnerContext(packs: PackLookup, progress: EngineProgress[] = []): TaskContext {
  return {
    packs,
    sessions: cpuSessionFactory(),
    throwIfAborted() {},
    progress: (p) => progress.push(p),
  };
}

/** Runs tasks on in-thread runners, as the pipeline's EngineClient would in the worker. */
export function inThreadEngine(runners: TaskRunner[], packs: PackLookup = npmPacks()) {
  const byTask = new Map(runners.map((r) => [r.task, r]));
  const calls: { task: EngineTask; inputs: EngineInputs }[] = [];
  return {
    calls,
    async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts: RunOptions = {}): Promise<EngineResult<T>> {
      const runner = byTask.get(task) as TaskRunner<T> | undefined;
      if (!runner) throw new Error(`no runner for ${task}`);
      calls.push({ task, inputs });
      const throwIfAborted = () => opts.signal?.throwIfAborted();
      // The worker's check of the inputs, then its own image work around the run: files decoded, finals encoded.
      const prepared = await prepareInputs(checkRunInputs(task, inputs), throwIfAborted);
      const result = await runner.run(prepared.inputs, {
        packs,
        sessions: cpuSessionFactory(),
        throwIfAborted,
        progress: (p) => opts.onProgress?.(p),
      });
      return finishResult(result, prepared, inputs.codec);
    },
  };
}
