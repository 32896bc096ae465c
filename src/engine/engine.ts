// The main-thread face of the inference core: every call is a message to the
// inference worker, image buffers are transferred, and a dead worker is
// restarted on the next call.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineLog } from './engine-log.js';
import type { PackListing, SkippedPack } from './pack-registry.js';
import type {
  EngineInputs,
  EngineOptions,
  EngineProgress,
  EngineResult,
  EngineTask,
  ExecutionProvider,
  RunOptions,
} from './types.js';
import {
  WORKER_MARKER,
  abortError,
  checkRawImage,
  fromWireError,
  transferableInputs,
  type FromWorker,
  type ReadyMessage,
  type ToWorker,
} from './worker-protocol.js';

export interface EngineStartOptions {
  /** Load the built-in task runners (OCR); default true. */
  builtinRunners?: boolean;
  /** Module URLs or paths exporting `createRunner(): TaskRunner`; they replace built-ins for the same task. */
  runnerModules?: string[];
}

export interface EnginePacks {
  provider: ExecutionProvider;
  packs: PackListing[];
  skipped: SkippedPack[];
}

/** The worker died or the engine was closed; reported to users as an internal error. */
export class EngineWorkerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineWorkerError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: EngineProgress) => void;
}

/** One live worker and the calls waiting on it. */
interface WorkerHandle {
  worker: Worker;
  ready: ReadyMessage;
  pending: Map<number, Pending>;
}

const CLOSE_GRACE_MS = 5_000;

/** Whether the inference worker is there (for /healthz): a stopped worker restarts on the next request. */
export type EngineWorkerState =
  | { state: 'up' | 'starting' | 'closed' }
  | { state: 'stopped'; exitCode: number; /** Milliseconds since the epoch. */ at: number };

export class Engine {
  private handle: WorkerHandle | undefined;
  private starting: Promise<WorkerHandle> | undefined;
  private lastReady: ReadyMessage;
  private nextId = 1;
  private closed = false;
  private lastExit: { exitCode: number; at: number } | undefined;

  private constructor(
    private readonly opts: EngineOptions,
    private readonly log: EngineLog,
    private readonly startOpts: EngineStartOptions,
    first: WorkerHandle,
    /** Wall time from spawn to `ready` of the first worker. */
    readonly startupMs: number,
  ) {
    this.handle = first;
    this.lastReady = first.ready;
  }

  /** Spawns the inference worker and waits until it has probed its device and scanned packs. */
  static async start(opts: EngineOptions, log: EngineLog, startOpts: EngineStartOptions = {}): Promise<Engine> {
    const t0 = performance.now();
    const engine = await spawnWorker(opts, log, startOpts);
    const ms = performance.now() - t0;
    const { provider, tasks, packs } = engine.ready;
    log('info', `Engine ready on ${provider} in ${Math.round(ms)} ms`, {
      provider,
      tasks,
      packs: packs.map((p) => `${p.name} (${p.origin})`),
      startupMs: Math.round(ms),
    });
    const instance = new Engine(opts, log, startOpts, engine, ms);
    instance.watch(engine);
    return instance;
  }

  /** The provider sessions run on (after a CUDA fallback: `cpu`). */
  get provider(): ExecutionProvider {
    return this.lastReady.provider;
  }

  get workerState(): EngineWorkerState {
    if (this.closed) return { state: 'closed' };
    if (this.handle) return { state: 'up' };
    if (this.starting) return { state: 'starting' };
    return { state: 'stopped', exitCode: this.lastExit?.exitCode ?? 0, at: this.lastExit?.at ?? Date.now() };
  }

  /** Tasks the engine has a runner for. */
  get tasks(): EngineTask[] {
    return [...this.lastReady.tasks];
  }

  /** Tasks whose concurrent runs share one batch in the worker (with the packs installed at start). */
  get batchingTasks(): EngineTask[] {
    return [...this.lastReady.batching];
  }

  /**
   * Runs one task in the worker. The input images' buffers are TRANSFERRED:
   * after this call `inputs.images[i].data` may be detached (length 0); pass a
   * copy if you still need the pixels. Views on a larger buffer are copied instead.
   */
  async run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts: RunOptions = {}): Promise<EngineResult<T>> {
    const { signal, onProgress } = opts;
    if (signal?.aborted) throw abortError();
    inputs.images.forEach((image, i) => checkRawImage(image, `inputs.images[${i}]`));
    const handle = await this.worker();
    if (this.closed) throw new EngineWorkerError('The engine was closed');
    if (signal?.aborted) throw abortError();

    const id = this.nextId++;
    const packed = transferableInputs(inputs);
    return new Promise<EngineResult<T>>((resolve, reject) => {
      const onAbort = (): void => {
        if (!handle.pending.delete(id)) return;
        // The worker sees this between model steps and drops the result.
        post(handle, { type: 'cancel', id });
        reject(abortError());
      };
      const settle =
        <T>(fn: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          fn(value);
        };
      const entry: Pending = { resolve: settle(resolve as (v: unknown) => void), reject: settle(reject) };
      if (onProgress) entry.onProgress = onProgress;
      handle.pending.set(id, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      post(handle, { type: 'run', id, task, inputs: packed.inputs }, packed.transfer);
    });
  }

  /** The installed packs as the worker sees them; `refresh` rescans the folders first. */
  async packs(opts: { refresh?: boolean } = {}): Promise<EnginePacks> {
    const handle = await this.worker();
    if (this.closed) throw new EngineWorkerError('The engine was closed');
    const id = this.nextId++;
    const listing = await new Promise<{ packs: PackListing[]; skipped: SkippedPack[] }>((resolve, reject) => {
      handle.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      post(handle, { type: 'packs', id, refresh: opts.refresh ?? false });
    });
    return { provider: handle.ready.provider, ...listing };
  }

  /** Lets the running step finish, releases sessions and stops the worker. Pending calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const handle = this.handle ?? (await this.starting?.catch(() => undefined));
    this.handle = undefined;
    if (!handle) return;
    failAll(handle, new EngineWorkerError('The engine was closed'));
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      handle.worker.once('exit', () => resolve());
      // terminate() also settles when the worker is already gone (no second 'exit').
      timer = setTimeout(() => void handle.worker.terminate().finally(resolve), CLOSE_GRACE_MS);
      post(handle, { type: 'shutdown' });
    });
    clearTimeout(timer);
  }

  private async worker(): Promise<WorkerHandle> {
    if (this.closed) throw new EngineWorkerError('The engine was closed');
    if (this.handle) return this.handle;
    if (!this.starting) {
      this.log('info', 'Restarting the inference worker');
      // A worker that already fell back to CPU does not retry CUDA (and warn again).
      this.starting = spawnWorker({ ...this.opts, device: this.lastReady.provider }, this.log, this.startOpts)
        .then((handle) => {
          this.handle = handle;
          this.lastReady = handle.ready;
          this.watch(handle);
          return handle;
        })
        .finally(() => {
          this.starting = undefined;
        });
    }
    return this.starting;
  }

  /** After `ready`: routes replies, and on a crash rejects what was waiting so the next call restarts. */
  private watch(handle: WorkerHandle): void {
    let crash: Error | undefined;
    handle.worker.on('message', (msg: FromWorker) => route(handle, msg, this.log));
    handle.worker.on('error', (error) => {
      crash = error;
    });
    handle.worker.on('exit', (code) => {
      if (this.handle === handle) this.handle = undefined;
      this.lastExit = { exitCode: code, at: Date.now() };
      if (this.closed) return failAll(handle, new EngineWorkerError('The engine was closed'));
      const why = crash ? `: ${crash.message}` : '';
      this.log('warn', `The inference worker stopped (exit code ${code}${why}); it restarts on the next request`, {
        exitCode: code,
        pending: handle.pending.size,
      });
      failAll(
        handle,
        new EngineWorkerError(`The inference worker stopped (exit code ${code}${why})`, { cause: crash }),
      );
    });
  }
}

function post(handle: WorkerHandle, msg: ToWorker, transfer: ArrayBuffer[] = []): void {
  handle.worker.postMessage(msg, transfer);
}

function failAll(handle: WorkerHandle, error: Error): void {
  const waiting = [...handle.pending.values()];
  handle.pending.clear();
  for (const p of waiting) p.reject(error);
}

function route(handle: WorkerHandle, msg: FromWorker, log: EngineLog): void {
  switch (msg.type) {
    case 'log':
      log(msg.level, msg.msg, msg.data);
      return;
    case 'progress':
      try {
        handle.pending.get(msg.id)?.onProgress?.(msg.progress);
      } catch (error) {
        // A throwing progress callback must not take down the message loop.
        log('warn', `onProgress threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    case 'result':
    case 'packs':
    case 'error': {
      // Unknown ids are runs the caller already cancelled: their answers are dropped.
      const entry = handle.pending.get(msg.id);
      if (!entry) return;
      handle.pending.delete(msg.id);
      if (msg.type === 'error') entry.reject(fromWireError(msg.error));
      else entry.resolve(msg.type === 'result' ? msg.result : { packs: msg.packs, skipped: msg.skipped });
      return;
    }
    case 'ready':
    case 'init-failed':
      return;
  }
}

/** Spawns a worker, sends init and resolves on `ready` (rejects on init failure or early exit). */
function spawnWorker(opts: EngineOptions, log: EngineLog, startOpts: EngineStartOptions): Promise<WorkerHandle> {
  const { url, execArgv } = workerEntry();
  const worker = new Worker(url, { workerData: { marker: WORKER_MARKER }, execArgv });
  return new Promise<WorkerHandle>((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (msg: FromWorker): void => {
      if (msg.type === 'log') return log(msg.level, msg.msg, msg.data);
      if (msg.type === 'ready') {
        cleanup();
        resolve({ worker, ready: msg, pending: new Map() });
      } else if (msg.type === 'init-failed') {
        cleanup();
        void worker.terminate();
        reject(fromWireError(msg.error));
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      void worker.terminate();
      reject(new EngineWorkerError(`The inference worker failed to start: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new EngineWorkerError(`The inference worker exited during start (exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const init: ToWorker = {
      type: 'init',
      options: opts,
      builtinRunners: startOpts.builtinRunners ?? true,
      runnerModules: (startOpts.runnerModules ?? []).map(toModuleUrl),
    };
    worker.postMessage(init);
  });
}

/**
 * The worker file next to this one. We run TypeScript through tsx without a
 * build, so a `.ts` worker registers tsx's hooks itself (works from any cwd).
 */
function workerEntry(): { url: URL; execArgv: string[] | undefined } {
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './inference-worker.ts' : './inference-worker.js', import.meta.url);
  if (!isTs) return { url, execArgv: undefined };
  return { url, execArgv: [...withoutTsxLoader(process.execArgv), '--import', tsxRegisterUrl()] };
}

/**
 * A data: module that calls tsx's register(). `--import tsx` is not enough:
 * on Node 20 tsx's loader registers itself only on the main thread.
 */
function tsxRegisterUrl(): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(api)}; register();`)}`;
}

/** Drops loader flags that point at tsx (we add our own) so it is not registered twice. */
function withoutTsxLoader(argv: readonly string[]): string[] {
  const out: string[] = [];
  const loaderFlags = ['--import', '--loader', '--experimental-loader', '--require', '-r'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = loaderFlags.find((f) => arg.startsWith(`${f}=`));
    if (eq && /[\\/]tsx[\\/]|^tsx$/.test(arg.slice(eq.length + 1))) continue;
    if (loaderFlags.includes(arg) && /[\\/]tsx[\\/]|^tsx$/.test(argv[i + 1] ?? '')) {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function toModuleUrl(spec: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec) ? spec : pathToFileURL(spec).href;
}
