// The seam where "the work" runs: a plan and its input files' bytes in, the task's output out,
// with progress on the way. The bot side (platform auth, attachment policy, the reply) stays in
// the pipeline; the work runs on the local engine by default, or on a `scanline worker` through
// Redis (src/pipeline/distributed/) when SCANLINE_REDIS_URL is set.
import type { EncodedInput, EngineProgress } from '../engine/index.js';
import { ScanlineError } from '../common/errors.js';
import type { EngineClient, TaskHandler, TaskOutput } from './tasks/task-handler.js';
import { screenedEngine, type WorkSafety } from './safety/safety-gate.js';
import type { Plan, Platform, Task } from './types.js';

/** Everything a job's work needs, as plain data (it may cross to another machine). */
export interface Work {
  plan: Plan;
  /** The input images' bytes, the replied-to image first; never a path. */
  files: EncodedInput[];
  /** Largest decoded input, in pixels. */
  maxPixels: number;
  /** Largest final file the reply's platform takes. */
  maxFileBytes: number;
  /** Where the request came from (a worker's metrics label its jobs with it). */
  platform: Platform;
  /** How the job's images are screened (the server's safety policy where the reply is posted). */
  safety?: WorkSafety;
}

export interface WorkOptions {
  jobId: string;
  signal: AbortSignal;
  progress(update: EngineProgress): void;
}

export interface WorkRunner {
  run(work: Work, opts: WorkOptions): Promise<TaskOutput>;
  /** The output of work another bot process sent and its scheduler's `adopt` took over (runners whose work runs elsewhere). */
  resume?(opts: WorkOptions): Promise<TaskOutput>;
}

/** Runs the task's handler against an engine in this process. */
export class LocalWork implements WorkRunner {
  readonly #engine: EngineClient;
  readonly #handlers: Partial<Record<Task, TaskHandler>>;

  constructor(engine: EngineClient, handlers: Partial<Record<Task, TaskHandler>>) {
    this.#engine = engine;
    this.#handlers = handlers;
  }

  async run(work: Work, opts: WorkOptions): Promise<TaskOutput> {
    const handler = this.#handlers[work.plan.task];
    if (!handler) throw new ScanlineError('task_unavailable', { task: work.plan.task });
    return handler.run({
      plan: work.plan,
      images: [],
      files: work.files,
      maxPixels: work.maxPixels,
      engine: work.safety ? screenedEngine(this.#engine, work.safety) : this.#engine,
      signal: opts.signal,
      maxFileBytes: work.maxFileBytes,
      progress: opts.progress,
    });
  }
}
