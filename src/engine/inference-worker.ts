// The inference worker: the one thread that owns every ORT session. ORT's run()
// blocks its thread, so this thread is the device queue: requests run one at a
// time, except calls of a batching task, which run together up to the batch
// limit (their runner interleaves them step by step); cancel messages are
// pulled synchronously between model steps.
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EngineLog } from './engine-log.js';
import { createPackRegistry, type PackRegistry } from './pack-registry.js';
import { createSessionFactory } from './session-factory.js';
import type { TaskContext, TaskRunner } from './task-runner.js';
import type { BatchLimits } from './types.js';
import { loadBuiltinRunners } from './builtin-runners.js';
import { RunnerTable } from './runner-table.js';
import { checkRunInputs } from './task-inputs.js';
import { finishResult, prepareInputs } from './codec/image-codec.js';
import { findIsNetPackage, ISNET_PACKAGE, isnetResolver } from './vision/isnet-plugin.js';
import {
  WORKER_MARKER,
  abortError,
  toWireError,
  transferableProgress,
  transferableResult,
  type FromWorker,
  type InitMessage,
  type ToWorker,
} from './worker-protocol.js';

type RunMessage = Extract<ToWorker, { type: 'run' }>;

interface Ready {
  runners: RunnerTable;
  packs: PackRegistry;
  sessions: ReturnType<typeof createSessionFactory>;
  batch: BatchLimits;
}

const NO_BATCHING: BatchLimits = { maxJobs: 1, cacheMb: Number.POSITIVE_INFINITY };

/** Serves the protocol on `port` until a shutdown message (exported so any MessagePort can host it). */
export function serveInferenceWorker(port: MessagePort): void {
  const post = (msg: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);
  const log: EngineLog = (level, msg, data) =>
    post(data === undefined ? { type: 'log', level, msg } : { type: 'log', level, msg, data });

  const queue: RunMessage[] = [];
  const cancelled = new Set<number>();
  let ready: Ready | undefined;
  /** Calls running now: one, or several of one batching task. */
  const running = new Map<number, RunMessage>();
  let shuttingDown = false;
  let closed = false;

  function dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'init':
        void init(msg);
        return;
      case 'run':
        queue.push(msg);
        pump();
        return;
      case 'cancel': {
        const queued = queue.findIndex((q) => q.id === msg.id);
        // A queued run is dropped silently: the main side already rejected it.
        if (queued >= 0) queue.splice(queued, 1);
        else if (running.has(msg.id)) cancelled.add(msg.id);
        return;
      }
      case 'packs':
        if (!ready) return post({ type: 'error', id: msg.id, error: toWireError(new Error('engine not ready')) });
        if (msg.refresh) ready.packs.refresh();
        post({ type: 'packs', id: msg.id, packs: ready.packs.listing(), skipped: ready.packs.skipped() });
        return;
      case 'shutdown':
        shuttingDown = true;
        queue.length = 0;
        pump();
        return;
    }
  }

  // ORT's synchronous run() starves this thread's event loop, so a cancel
  // message may sit unread; pulling the port by hand makes it visible at once.
  function drainPort(): void {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      dispatch(m.message as ToWorker);
    }
  }

  async function init(msg: InitMessage): Promise<void> {
    const started = performance.now();
    try {
      const runners = new RunnerTable();
      if (msg.builtinRunners) {
        for (const runner of await loadBuiltinRunners({ isnetDir: msg.options.isnetDir })) runners.add(runner);
        if (msg.options.isnetDir && !findIsNetPackage(isnetResolver(msg.options.isnetDir))) {
          log('warn', `SCANLINE_ISNET_DIR holds no ${ISNET_PACKAGE}; masks use GrabCut`, { dir: msg.options.isnetDir });
        }
      }
      for (const spec of msg.runnerModules) runners.add(await loadRunnerModule(spec));
      const sessions = createSessionFactory(msg.options, log, undefined);
      const packs = createPackRegistry({ modelsDirs: msg.options.modelsDirs }, log);
      const provider = await sessions.probe();
      ready = { runners, packs, sessions, batch: msg.options.batch ?? NO_BATCHING };
      post({
        type: 'ready',
        provider,
        tasks: runners.tasks(),
        batching: runners.tasks().filter((task) => batching({ runners, packs }, task)),
        packs: packs.listing(),
        skipped: packs.skipped(),
        initMs: performance.now() - started,
      });
      pump();
    } catch (error) {
      post({ type: 'init-failed', error: toWireError(error) });
    }
  }

  /** Starts what may run now: the next call when nothing runs, more calls of a batching task while there is room. */
  function pump(): void {
    if (!ready) {
      if (shuttingDown) port.close();
      return;
    }
    const state = ready;
    while (!shuttingDown && queue.length > 0 && joins(state, queue[0]!)) {
      const next = queue.shift()!;
      running.set(next.id, next);
      void runOne(state, next).finally(() => {
        running.delete(next.id);
        pump();
      });
    }
    if (shuttingDown && running.size === 0) void shutdown(state);
  }

  function joins(state: Ready, next: RunMessage): boolean {
    if (running.size === 0) return true;
    if (running.size >= state.batch.maxJobs) return false;
    const task = running.values().next().value!.task;
    return next.task === task && batching(state, task);
  }

  function batching(state: Pick<Ready, 'runners' | 'packs'>, task: RunMessage['task']): boolean {
    try {
      return state.runners.pick(task, state.packs).batching === true;
    } catch {
      // No runner or pack: the call fails on its own, alone.
      return false;
    }
  }

  async function runOne(state: Ready, msg: RunMessage): Promise<void> {
    const ctx: TaskContext = {
      sessions: state.sessions,
      packs: state.packs,
      batchCacheBytes: state.batch.cacheMb * 1024 * 1024,
      throwIfAborted() {
        drainPort();
        if (cancelled.has(msg.id) || shuttingDown) throw abortError();
      },
      progress(progress) {
        const packed = transferableProgress(progress);
        post({ type: 'progress', id: msg.id, progress: packed.progress }, packed.transfer);
      },
      // In-worker inputs are not sent anywhere: checked like a message's, then run by the task's runner.
      runTask: (task, inputs) =>
        state.runners.pick(task, state.packs).run(checkRunInputs(task, inputs), { ...ctx, progress: () => undefined }),
    };
    try {
      // The one check of what the main thread sent: runners trust their typed inputs.
      const inputs = checkRunInputs(msg.task, msg.inputs);
      const runner = state.runners.pick(msg.task, state.packs);
      // Inputs sent as files are decoded here and finals encoded here, off the main thread.
      const prepared = await prepareInputs(inputs, () => ctx.throwIfAborted());
      const result = await finishResult(await runner.run(prepared.inputs, ctx), prepared, msg.inputs.codec);
      ctx.throwIfAborted();
      const packed = transferableResult(result);
      post({ type: 'result', id: msg.id, result: packed.result }, packed.transfer);
    } catch (error) {
      post({ type: 'error', id: msg.id, error: toWireError(error) });
    } finally {
      cancelled.delete(msg.id);
    }
  }

  async function shutdown(state: Ready): Promise<void> {
    if (closed) return;
    closed = true;
    for (const runner of state.runners.all()) {
      try {
        await runner.dispose?.();
      } catch (error) {
        log('warn', `Releasing the ${runner.task} runner failed: ${String(error)}`);
      }
    }
    // Closing the port lets the thread's event loop empty, so the worker exits.
    port.close();
  }

  port.on('message', (msg: ToWorker) => dispatch(msg));
}

/** A test or plugin runner module: exports `createRunner()` (or a default function) returning a TaskRunner. */
async function loadRunnerModule(spec: string): Promise<TaskRunner> {
  const mod: unknown = await import(spec);
  const factory =
    typeof mod === 'object' && mod !== null
      ? ((mod as Record<string, unknown>)['createRunner'] ?? (mod as Record<string, unknown>)['default'])
      : undefined;
  if (typeof factory !== 'function') throw new Error(`Runner module ${spec} exports no createRunner()`);
  const runner: unknown = await (factory as () => unknown)();
  if (!isTaskRunner(runner)) throw new Error(`Runner module ${spec}: createRunner() did not return a TaskRunner`);
  return runner;
}

function isTaskRunner(value: unknown): value is TaskRunner {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Record<keyof TaskRunner, unknown>>;
  return (
    typeof r.task === 'string' &&
    typeof r.run === 'function' &&
    (r.architecture === undefined || typeof r.architecture === 'string')
  );
}

if (parentPort && (workerData as { marker?: unknown } | null)?.marker === WORKER_MARKER) {
  serveInferenceWorker(parentPort);
}
