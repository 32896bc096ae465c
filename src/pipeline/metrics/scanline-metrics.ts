// The process's Prometheus series, on a registry of its own (never prom-client's global one, so two
// instances in one process or one test file never collide). Fed by thin hooks: the Job state machine
// (a JobMeter per job), the scheduler (refusals, queue depth), the presenter (preview frames), the
// engine results the pipeline gets (step timings) and the adapters (platform 429s).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform, PreviewNotShown } from '../types.js';

/** How a job ended. */
export type JobOutcome = 'done' | 'failed' | 'cancelled';

/** What became of one preview frame: shown, or dropped (a newer frame won, the final came first, the edit failed). */
export type FrameOutcome = 'sent' | 'superseded' | PreviewNotShown;

/** One job's hooks, called by its state machine (src/pipeline/job.ts). */
export interface JobMeter {
  /** The scheduler took the job (it is queued). */
  accepted(): void;
  started(): void;
  /** The engine reported progress (for the "queue not wedged" check). */
  progressed(): void;
  frame(outcome: FrameOutcome): void;
  ended(state: JobOutcome): void;
}

/** What the adapters may report (the only part of the metrics they see). */
export interface PlatformMetrics {
  /** The platform answered 429 (Discord REST, Slack Web API). */
  rateLimited(platform: Platform): void;
}

/** What the scheduler reports. */
export interface SchedulerMetrics {
  /** A submit was refused at a cap: the ScanlineError code (busy_user, busy_channel, busy_global). */
  refused(reason: string): void;
}

/** What the pipeline reports: one meter per job, and the engine's stage timings of every run. */
export interface PipelineMetrics {
  job(task: string, platform: Platform): JobMeter;
  engineRun(task: string, timingsMs: Readonly<Record<string, number>>): void;
}

export interface ScanlineMetricsOptions {
  /** Milliseconds clock (tests pass a fake). */
  now?: () => number;
  /** prom-client's process metrics (CPU, memory, event loop lag, GC) on the same registry; default true. */
  processMetrics?: boolean;
}

const JOB_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const WAIT_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600];
const STEP_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** `step3_recolor` (the edit runner's per-step timing) -> `recolor`, so the label set stays small. */
function stepName(key: string): string {
  return key.replace(/^step\d+_/, '');
}

export class ScanlineMetrics implements PipelineMetrics, PlatformMetrics, SchedulerMetrics {
  readonly registry = new Registry();
  readonly #now: () => number;
  #lastActivity: number;

  readonly #accepted = new Counter({
    name: 'scanline_jobs_accepted_total',
    help: 'Jobs the scheduler accepted (queued), by task.',
    labelNames: ['task'] as const,
    registers: [this.registry],
  });
  readonly #finished = new Counter({
    name: 'scanline_jobs_finished_total',
    help: 'Accepted jobs that ended, by task and final state (done, failed, cancelled).',
    labelNames: ['task', 'state'] as const,
    registers: [this.registry],
  });
  readonly #jobs = new Gauge({
    name: 'scanline_jobs',
    help: 'Accepted jobs now queued or running, by task and state.',
    labelNames: ['task', 'state'] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: 'scanline_job_duration_seconds',
    help: 'From a job starting to run to its final state (result ready, failure or cancel), by task and final state.',
    labelNames: ['task', 'state'] as const,
    buckets: JOB_SECONDS,
    registers: [this.registry],
  });
  readonly #wait = new Histogram({
    name: 'scanline_job_queue_wait_seconds',
    help: 'From a job being accepted to it starting to run, by task.',
    labelNames: ['task'] as const,
    buckets: WAIT_SECONDS,
    registers: [this.registry],
  });
  readonly #steps = new Histogram({
    name: 'scanline_engine_step_seconds',
    help: "Engine run stages as the inference worker timed them, by engine task and step ('total' is the whole run).",
    labelNames: ['task', 'step'] as const,
    buckets: STEP_SECONDS,
    registers: [this.registry],
  });
  readonly #framesSent = new Counter({
    name: 'scanline_preview_frames_sent_total',
    help: 'Preview frames shown on the platform, by platform.',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly #framesDropped = new Counter({
    name: 'scanline_preview_frames_dropped_total',
    help: 'Preview frames not shown, by platform and reason: superseded (a newer frame won), ended (the final came first), failed (the edit failed).',
    labelNames: ['platform', 'reason'] as const,
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: 'scanline_platform_rate_limited_total',
    help: 'Platform API answers with HTTP 429, by platform.',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly #refused = new Counter({
    name: 'scanline_requests_refused_total',
    help: 'Requests refused at a scheduler cap, by reason (busy_user, busy_channel, busy_global).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly #workers = new Gauge({
    name: 'scanline_workers',
    help: 'Inference workers taking jobs (1 in the embedded process).',
    registers: [this.registry],
  });
  readonly #activity = new Gauge({
    name: 'scanline_last_job_activity_timestamp_seconds',
    help: 'When a job last moved (accepted, started, progressed or ended), in Unix seconds.',
    registers: [this.registry],
  });

  constructor(opts: ScanlineMetricsOptions = {}) {
    this.#now = opts.now ?? Date.now;
    this.#lastActivity = this.#now();
    this.#activity.set(this.#lastActivity / 1000);
    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** The Prometheus text exposition of every series. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Milliseconds timestamp of the last job movement (the health check's "queue not wedged"). */
  get lastActivity(): number {
    return this.#lastActivity;
  }

  /** Queue depth, read at each scrape (the scheduler's own count, so it cannot drift). */
  watchQueue(depth: () => number): void {
    new Gauge({
      name: 'scanline_queue_depth',
      help: 'Jobs waiting for a device slot.',
      registers: [this.registry],
      collect() {
        this.set(depth());
      },
    });
  }

  setWorkers(count: number): void {
    this.#workers.set(count);
  }

  rateLimited(platform: Platform): void {
    this.#rateLimited.inc({ platform });
  }

  refused(reason: string): void {
    this.#refused.inc({ reason });
  }

  /** The stage timings of one engine run (ms, as the worker measured them). */
  engineRun(task: string, timingsMs: Readonly<Record<string, number>>): void {
    for (const [key, ms] of Object.entries(timingsMs)) {
      if (Number.isFinite(ms) && ms >= 0) this.#steps.observe({ task, step: stepName(key) }, ms / 1000);
    }
  }

  /** The meter of one job (one per Job; its calls follow the state machine, each at most once). */
  job(task: string, platform: Platform): JobMeter {
    let acceptedAt: number | undefined;
    let startedAt: number | undefined;
    let ended = false;
    const touch = (): number => {
      const now = this.#now();
      this.#lastActivity = now;
      this.#activity.set(now / 1000);
      return now;
    };
    return {
      accepted: () => {
        if (acceptedAt !== undefined || ended) return;
        acceptedAt = touch();
        this.#accepted.inc({ task });
        this.#jobs.inc({ task, state: 'queued' });
      },
      started: () => {
        if (acceptedAt === undefined || startedAt !== undefined || ended) return;
        startedAt = touch();
        this.#jobs.dec({ task, state: 'queued' });
        this.#jobs.inc({ task, state: 'running' });
        this.#wait.observe({ task }, (startedAt - acceptedAt) / 1000);
      },
      progressed: () => {
        if (startedAt !== undefined && !ended) touch();
      },
      frame: (outcome) => {
        if (outcome === 'sent') this.#framesSent.inc({ platform });
        else this.#framesDropped.inc({ platform, reason: outcome });
      },
      ended: (state) => {
        // A job refused before the scheduler took it (a cap, a missing image) is counted as a refusal, not here.
        if (acceptedAt === undefined || ended) return;
        ended = true;
        const now = touch();
        this.#jobs.dec({ task, state: startedAt === undefined ? 'queued' : 'running' });
        this.#finished.inc({ task, state });
        if (startedAt !== undefined) this.#duration.observe({ task, state }, (now - startedAt) / 1000);
      },
    };
  }
}
