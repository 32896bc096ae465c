// One device queue shared by every adapter: p-queue bounds concurrency, a fair
// queue decides which waiting job takes a free slot, caps keep one user or
// channel from filling the queue, and every job can be cancelled at any time.
// A slot running a batching task (Janus drawings, answers) takes more jobs of
// that task while the fair queue's head is one of them, up to the batch limit.

import PQueue from 'p-queue';
import { ScanlineError } from '../../common/errors.js';
import type { SchedulerMetrics } from '../metrics/scanline-metrics.js';
import { FairQueue } from './fair-queue.js';
import { MovingAverage } from './moving-average.js';
import { callGuarded, IdleWaiters } from './idle-waiters.js';

/** Caps count queued + running jobs. */
export interface SchedulerCaps {
  perUser: number;
  perChannel: number;
  global: number;
}

export interface SchedulerOptions {
  /** Jobs the device runs at once. */
  concurrency: number;
  caps: SchedulerCaps;
  /** Milliseconds clock for job durations and the retry estimate (tests pass a fake). */
  now?: () => number;
  /** Receives errors thrown by a job's callbacks; defaults to a process warning. */
  onCallbackError?: (error: unknown, jobId: string) => void;
  /** Told each refusal at a cap (the process's metrics). */
  metrics?: SchedulerMetrics;
  /** Continuous batching: jobs of these batch keys share a slot, up to maxJobs a slot (SCANLINE_BATCH_MAX). */
  batch?: { maxJobs: number; keys: readonly string[] };
}

export interface SchedulerJob {
  id: string;
  userId: string;
  channelId: string;
  /** This request's cap on the user's queued + running jobs (a server's setting); never above `caps.perUser`. */
  perUserCap?: number;
  /** Jobs of one batching key may run together in one slot (the engine task, e.g. `generate`). */
  batchKey?: string;
  /** The work. Must honour the signal (reject/return soon after abort). */
  run(signal: AbortSignal): Promise<void>;
  /** Called at submit and whenever the 1-based queue position changes while queued. */
  onQueued?(position: number): void;
  onStarted?(): void;
  /** Called once when cancelled, queued or running. After it, the job's run result is ignored. */
  onCancelled?(): void;
  /** A scheduler that admits asynchronously (the Redis one) refuses here with the busy_* ScanlineError instead of throwing from submit. */
  onRefused?(error: ScanlineError): void;
}

/** What the pipeline needs of a scheduler: the embedded one below, or the BullMQ one over Redis. */
export interface JobScheduler {
  submit(job: SchedulerJob): { done: Promise<JobStatus> };
  /**
   * Schedulers whose jobs run in other processes (a `scanline worker`) and outlive the bot that submitted them:
   * takes over a job another bot process submitted and that is still waiting, running, or finished with its
   * result not yet collected, without admitting or queueing it again. The callbacks are called as for a
   * submitted job (`run` collects the result); undefined when nothing will finish it any more.
   */
  adopt?(job: SchedulerJob): Promise<{ done: Promise<JobStatus> } | undefined>;
  /**
   * The same schedulers, at shutdown: lets go of a job a worker has (waiting or running) without stopping it,
   * so the next bot process takes it over; no callback is called for it any more. False when it cannot be
   * (not handed to the workers yet): it is cancelled instead.
   */
  handOff?(jobId: string): boolean;
  cancel(jobId: string): boolean;
  stats(): { queued: number; running: number; users: number };
  onIdle(): Promise<void>;
  close(): Promise<void>;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Wait estimate before any job has finished. */
const DEFAULT_JOB_MS = 30_000;
/** Finished jobs in the duration average. */
const AVERAGE_WINDOW = 20;
/** Finished statuses kept for `status()` after a job left. */
const FINISHED_MEMORY = 1_000;

interface Entry {
  job: SchedulerJob;
  status: JobStatus;
  controller: AbortController;
  /** Last position told to onQueued. */
  position?: number;
  startedAt?: number;
  resolveDone(status: JobStatus): void;
  /** The slot it runs in, while running. */
  slot?: Slot;
}

/** One p-queue slot's running jobs: one, or several of one batch key. */
interface Slot {
  /** Set when more jobs of this key may join. */
  batchKey: string | undefined;
  members: Set<Entry>;
  /** Frees the p-queue slot once the last member left (a cancelled run may still be unwinding). */
  free(): void;
}

export class Scheduler implements JobScheduler {
  readonly #concurrency: number;
  readonly #caps: SchedulerCaps;
  readonly #now: () => number;
  readonly #onCallbackError: (error: unknown, jobId: string) => void;
  readonly #metrics: SchedulerMetrics | undefined;
  readonly #batchMax: number;
  readonly #batchKeys: ReadonlySet<string>;
  readonly #slots = new Set<Slot>();
  readonly #device: PQueue;
  readonly #fair = new FairQueue<{ id: string; userId: string; entry: Entry }>();
  /** Queued and running jobs. */
  readonly #active = new Map<string, Entry>();
  /** One controller per p-queue slot claim still waiting in p-queue, oldest first. */
  readonly #waitingClaims: AbortController[] = [];
  readonly #finished = new Map<string, JobStatus>();
  /** Runs that were cancelled but have not returned yet (awaited by close). */
  readonly #unwinding = new Set<Promise<void>>();
  readonly #durations = new MovingAverage(AVERAGE_WINDOW);
  readonly #idle = new IdleWaiters();
  #refreshGeneration = 0;
  #closed = false;

  constructor(opts: SchedulerOptions) {
    for (const [name, value] of Object.entries(opts.caps)) {
      if (!(Number.isInteger(value) && value >= 1))
        throw new RangeError(`caps.${name} must be an integer >= 1, got ${value}`);
    }
    this.#concurrency = opts.concurrency;
    this.#caps = { ...opts.caps };
    this.#now = opts.now ?? Date.now;
    this.#onCallbackError = opts.onCallbackError ?? defaultCallbackError;
    this.#metrics = opts.metrics;
    this.#batchMax = opts.batch?.maxJobs ?? 1;
    if (!(Number.isInteger(this.#batchMax) && this.#batchMax >= 1))
      throw new RangeError(`batch.maxJobs must be an integer >= 1, got ${this.#batchMax}`);
    this.#batchKeys = new Set(opts.batch?.keys ?? []);
    this.#device = new PQueue({ concurrency: opts.concurrency });
  }

  /**
   * Throws ScanlineError('busy_user'|'busy_channel'|'busy_global', {count, seconds})
   * past a cap. The promise settles with the final status and never rejects.
   */
  submit(job: SchedulerJob): { done: Promise<JobStatus> } {
    if (this.#closed) throw new Error('The scheduler is closed');
    if (this.#active.has(job.id)) throw new Error(`Job ${job.id} is already in the scheduler`);
    try {
      this.#checkCaps(job);
    } catch (error) {
      if (error instanceof ScanlineError) this.#metrics?.refused(error.code);
      throw error;
    }

    let resolveDone!: (status: JobStatus) => void;
    const done = new Promise<JobStatus>((resolve) => (resolveDone = resolve));
    const entry: Entry = { job, status: 'queued', controller: new AbortController(), resolveDone };
    this.#active.set(job.id, entry);
    this.#finished.delete(job.id);
    this.#fair.push({ id: job.id, userId: job.userId, entry });
    this.#refreshPositions();
    // A callback may have cancelled it already: then it needs no slot.
    if (entry.status === 'queued') {
      this.#claimSlot();
      this.#fillBatches();
    }
    return { done };
  }

  /** Cancels a queued or running job. Returns false if unknown or already finished. */
  cancel(jobId: string): boolean {
    const entry = this.#active.get(jobId);
    if (!entry) return false;
    if (entry.status === 'queued') {
      this.#fair.remove(jobId);
      // Every queued job has one claim waiting in p-queue (or about to pick): drop one.
      this.#waitingClaims.pop()?.abort();
      this.#leave(entry, 'cancelled');
      this.#call(entry, () => entry.job.onCancelled?.());
      this.#refreshPositions();
      // The head may have changed to a job that can join a running batch.
      this.#fillBatches();
    } else {
      entry.controller.abort(new DOMException(`Job ${jobId} was cancelled`, 'AbortError'));
      this.#leave(entry, 'cancelled');
      this.#leaveSlot(entry);
      this.#call(entry, () => entry.job.onCancelled?.());
    }
    this.#checkIdle();
    return true;
  }

  status(jobId: string): JobStatus | undefined {
    return this.#active.get(jobId)?.status ?? this.#finished.get(jobId);
  }

  /** 1-based rank in the dispatch order while queued. */
  position(jobId: string): number | undefined {
    const entry = this.#active.get(jobId);
    if (entry?.status !== 'queued') return undefined;
    const index = this.#fair.order().findIndex((item) => item.id === jobId);
    return index < 0 ? undefined : index + 1;
  }

  /** Counts for logs and the bench. */
  stats(): { queued: number; running: number; users: number } {
    const users = new Set<string>();
    let running = 0;
    for (const entry of this.#active.values()) {
      users.add(entry.job.userId);
      if (entry.status === 'running') running++;
    }
    return { queued: this.#active.size - running, running, users: users.size };
  }

  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void> {
    return this.#idle.wait(this.#active.size === 0);
  }

  /** Cancels everything and waits for cancelled runs to return; used at shutdown. */
  async close(): Promise<void> {
    this.#closed = true;
    // Queued jobs first, so no running job's slot goes to one of them.
    const entries = [...this.#active.values()].sort(
      (a, b) => Number(b.status === 'queued') - Number(a.status === 'queued'),
    );
    for (const entry of entries) this.cancel(entry.job.id);
    this.#device.clear();
    await Promise.allSettled([...this.#unwinding]);
    await this.#device.onIdle();
  }

  #checkCaps(job: SchedulerJob): void {
    const all = [...this.#active.values()];
    const mine = all.filter((e) => e.job.userId === job.userId);
    if (mine.length >= Math.min(job.perUserCap ?? this.#caps.perUser, this.#caps.perUser)) {
      throw new ScanlineError('busy_user', { count: mine.length, seconds: this.#secondsUntilOneLeaves(mine) });
    }
    const channel = all.filter((e) => e.job.channelId === job.channelId);
    if (channel.length >= this.#caps.perChannel) {
      throw new ScanlineError('busy_channel', { count: channel.length, seconds: this.#secondsUntilOneLeaves(channel) });
    }
    if (all.length >= this.#caps.global) {
      throw new ScanlineError('busy_global', { count: all.length, seconds: this.#secondsUntilOneLeaves(all) });
    }
  }

  /**
   * Estimated whole seconds until the first of these jobs finishes: a running
   * job takes the average minus what it already ran (at least a tenth of the
   * average); a queued one starts when the waves of jobs ahead of it are done.
   */
  #secondsUntilOneLeaves(jobs: Entry[]): number {
    const now = this.#now();
    const average = this.#durations.value(DEFAULT_JOB_MS);
    const remaining = (entry: Entry): number => Math.max(average / 10, average - (now - (entry.startedAt ?? now)));
    const running = [...this.#active.values()].filter((e) => e.status === 'running');
    const firstSlotMs = running.length < this.#concurrency ? 0 : Math.min(...running.map(remaining));
    const order = this.#fair.order();
    let best = Number.POSITIVE_INFINITY;
    for (const entry of jobs) {
      if (entry.status === 'running') {
        best = Math.min(best, remaining(entry));
      } else {
        const position = order.findIndex((item) => item.id === entry.job.id) + 1;
        const waves = Math.max(0, Math.ceil(position / this.#concurrency) - 1);
        best = Math.min(best, firstSlotMs + waves * average + average);
      }
    }
    if (!Number.isFinite(best)) best = average;
    return Math.max(1, Math.ceil(best / 1000));
  }

  /** Adds one slot claim to the device queue; the claim picks the fairest job when it starts. */
  #claimSlot(): void {
    const claim = new AbortController();
    this.#waitingClaims.push(claim);
    this.#device
      .add(
        async () => {
          this.#forgetClaim(claim);
          // Pick after the submitting call has returned, never inside it.
          await Promise.resolve();
          const next = this.#fair.next();
          if (next) await this.#execute(next.entry);
        },
        { signal: claim.signal },
      )
      .catch(() => {
        // Aborted while waiting: its job was cancelled before it started.
      });
  }

  #forgetClaim(claim: AbortController): void {
    const index = this.#waitingClaims.indexOf(claim);
    if (index >= 0) this.#waitingClaims.splice(index, 1);
  }

  /** Runs one job in a new slot; returns when the slot is free (its jobs settled or were cancelled). */
  async #execute(entry: Entry): Promise<void> {
    const key = entry.job.batchKey;
    let free!: () => void;
    const freed = new Promise<void>((resolve) => (free = resolve));
    const slot: Slot = {
      batchKey: this.#batchMax > 1 && key !== undefined && this.#batchKeys.has(key) ? key : undefined,
      members: new Set(),
      free,
    };
    this.#slots.add(slot);
    this.#start(entry, slot);
    this.#fillBatches();
    await freed;
  }

  /** Starts a job in a slot (its own, or a running batch of its key). */
  #start(entry: Entry, slot: Slot): void {
    entry.status = 'running';
    entry.startedAt = this.#now();
    entry.position = undefined;
    entry.slot = slot;
    slot.members.add(entry);
    this.#refreshPositions();
    this.#call(entry, () => entry.job.onStarted?.());
    // onStarted may have cancelled the job.
    if (entry.status !== 'running') return;

    let run: Promise<void>;
    try {
      run = Promise.resolve(entry.job.run(entry.controller.signal));
    } catch (error) {
      run = Promise.reject(error);
    }
    const settled = run.then(
      () => this.#finishRun(entry, 'done'),
      () => this.#finishRun(entry, 'failed'),
    );
    this.#unwinding.add(settled);
    void settled.then(() => this.#unwinding.delete(settled));
  }

  /** While the fair queue's head may join a running batch of its key, it does (its own slot claim is dropped). */
  #fillBatches(): void {
    if (this.#batchMax <= 1 || this.#closed) return;
    for (;;) {
      const head = this.#fair.order()[0];
      const key = head?.entry.job.batchKey;
      if (key === undefined) return;
      const slot = [...this.#slots].find((s) => s.batchKey === key && s.members.size < this.#batchMax);
      if (!slot) return;
      const next = this.#fair.next();
      if (!next) return;
      this.#waitingClaims.pop()?.abort();
      this.#start(next.entry, slot);
    }
  }

  /** Takes a job out of its slot; the last one out frees the slot, others make room for the next of the key. */
  #leaveSlot(entry: Entry): void {
    const slot = entry.slot;
    if (!slot?.members.delete(entry)) return;
    if (slot.members.size > 0) return this.#fillBatches();
    this.#slots.delete(slot);
    slot.free();
  }

  #finishRun(entry: Entry, status: 'done' | 'failed'): void {
    // A cancelled job's late result is ignored.
    if (entry.status !== 'running') return;
    if (status === 'done' && entry.startedAt !== undefined) this.#durations.add(this.#now() - entry.startedAt);
    this.#leave(entry, status);
    this.#leaveSlot(entry);
    this.#checkIdle();
  }

  /** Records the final status and settles `done`. */
  #leave(entry: Entry, status: 'done' | 'failed' | 'cancelled'): void {
    entry.status = status;
    this.#active.delete(entry.job.id);
    this.#finished.set(entry.job.id, status);
    if (this.#finished.size > FINISHED_MEMORY) {
      const oldest = this.#finished.keys().next();
      if (!oldest.done) this.#finished.delete(oldest.value);
    }
    if (this.#fair.size === 0) {
      this.#fair.forgetServed(new Set([...this.#active.values()].map((e) => e.job.userId)));
    }
    entry.resolveDone(status);
  }

  /** Tells every queued job whose rank changed its new position, front first. */
  #refreshPositions(): void {
    if (this.#closed) return;
    const generation = ++this.#refreshGeneration;
    const order = this.#fair.order();
    for (let i = 0; i < order.length; i++) {
      // A callback changed the queue and a newer refresh already told everyone.
      if (generation !== this.#refreshGeneration) return;
      const entry = order[i]?.entry;
      if (!entry || entry.status !== 'queued' || entry.position === i + 1) continue;
      entry.position = i + 1;
      const position = i + 1;
      this.#call(entry, () => entry.job.onQueued?.(position));
    }
  }

  #checkIdle(): void {
    this.#idle.check(this.#active.size === 0);
  }

  /** Runs a job callback; its errors are reported, never thrown into the scheduler. */
  #call(entry: Entry, callback: () => void): void {
    callGuarded(callback, (error) => this.#onCallbackError(error, entry.job.id));
  }
}

function defaultCallbackError(error: unknown, jobId: string): void {
  process.emitWarning(
    `Scheduler job ${jobId}: a callback threw: ${error instanceof Error ? error.message : String(error)}`,
  );
}
