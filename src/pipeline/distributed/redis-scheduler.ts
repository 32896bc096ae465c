// The scheduler contract over Redis, for bot processes: admission (caps, round-robin turn) is one
// Lua script in Redis, the jobs wait in BullMQ (priority = turn), a `scanline worker` runs them,
// and BullMQ's QueueEvents bring started, progress, done and failed back to the bot that asked.
// It is also the pipeline's WorkRunner: a job's work (inputs already downloaded by the bot, under
// the platform's auth and attachment policy) is sent with the job, in an expiring key.
// Jobs outlive the bot that asked: at a clean stop it hands them off (handOff), and the next bot process
// (restarted, or a replica sweeping a dead one's jobs) adopts them from BullMQ without queueing them again.
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isScanlineError, ScanlineError } from '../../common/errors.js';
import type { SchedulerMetrics } from '../metrics/scanline-metrics.js';
import { openRedis } from '../redis/redis-connection.js';
import type { JobScheduler, JobStatus, SchedulerCaps, SchedulerJob } from '../scheduler/scheduler.js';
import type { TaskOutput } from '../tasks/task-handler.js';
import type { Work, WorkOptions, WorkRunner } from '../work.js';
import { callGuarded, IdleWaiters } from '../scheduler/idle-waiters.js';
import { FairAdmission } from './fair-admission.js';
import {
  CANCEL_CHANNEL,
  CANCEL_TTL_MS,
  cancelKey,
  errorFromWire,
  getFrame,
  INPUT_TTL_MS,
  inputKey,
  KEY_PREFIX,
  resultKey,
  takeResult,
  WORK_QUEUE,
  type WireJob,
  type WireProgress,
  type WireResult,
} from './work-wire.js';

export interface RedisSchedulerOptions {
  url: string;
  caps: SchedulerCaps;
  log: Logger;
  metrics?: SchedulerMetrics & { setWorkers(count: number): void };
  /** How long a user waits for Redis to admit a request before being told the queue is unreachable (ms). */
  admitTimeoutMs?: number;
  /** How often jobs this bot waits for are checked in BullMQ, in case an event was missed (ms). */
  sweepMs?: number;
  onCallbackError?: (error: unknown, jobId: string) => void;
}

type LocalStatus = 'admitting' | 'queued' | 'running';

interface Remote {
  progress: WorkOptions['progress'];
  resolve(output: TaskOutput): void;
  reject(error: unknown): void;
  /** Progress events in arrival order (a frame read must not overtake the next event). */
  chain: Promise<void>;
}

interface Entry {
  job: SchedulerJob;
  status: LocalStatus;
  controller: AbortController;
  turn: number;
  position?: number;
  /** In BullMQ (added). */
  added: boolean;
  remote?: Remote;
  resolveDone(status: JobStatus): void;
}

const ADMIT_TIMEOUT_MS = 10_000;
/** BullMQ states of a job no worker has taken yet. */
const WAITING_STATES = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children']);
const completedJobs = { age: 3_600, count: 1_000 };
const failedJobs = { age: 24 * 3_600, count: 5_000 };

export class RedisScheduler implements JobScheduler, WorkRunner {
  readonly #opts: RedisSchedulerOptions;
  readonly #redis: Redis;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #fair: FairAdmission;
  readonly #log: Logger;
  /** This process's jobs, queued or running. */
  readonly #entries = new Map<string, Entry>();
  #cluster = { queued: 0, running: 0, users: 0 };
  readonly #idle = new IdleWaiters();
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  #sweeper: NodeJS.Timeout;
  #closed = false;
  readonly #connections: Redis[];
  /** Cancels on their way to Redis (close waits for them). */
  readonly #cancelling = new Set<Promise<void>>();

  private constructor(
    opts: RedisSchedulerOptions,
    redis: Redis,
    queue: Queue,
    events: QueueEvents,
    connections: Redis[],
  ) {
    this.#connections = connections;
    this.#opts = opts;
    this.#redis = redis;
    this.#queue = queue;
    this.#events = events;
    this.#log = opts.log;
    this.#fair = new FairAdmission(redis, KEY_PREFIX);
    events.on('active', ({ jobId }) => this.#started(jobId));
    events.on('progress', ({ jobId, data }) => this.#progressed(jobId, data as WireProgress));
    events.on('completed', ({ jobId, returnvalue }) => this.#completed(jobId, returnvalue as unknown));
    events.on('failed', ({ jobId, failedReason }) => this.#failed(jobId, failedReason));
    for (const moved of ['added', 'removed'] as const) events.on(moved, () => this.#refreshPositions());
    this.#sweeper = setInterval(() => void this.#sweep(), opts.sweepMs ?? 5_000);
    this.#sweeper.unref();
  }

  /** Connects (waits through an outage, as every Redis client here does) and listens for the queue's events. */
  static async open(opts: RedisSchedulerOptions): Promise<RedisScheduler> {
    const { url, log } = opts;
    const redis = openRedis(url, { name: 'scanline-bot', log });
    try {
      await redis.connect();
    } catch (error) {
      // Unreachable at start: stop retrying, so the process can exit with its sentence.
      redis.disconnect();
      throw error;
    }
    // Given to BullMQ, so BullMQ leaves closing them to close() below.
    const queueConnection = openRedis(url, { name: 'scanline-bot-queue', log });
    const eventsConnection = openRedis(url, { name: 'scanline-bot-events', log });
    const queue = new Queue(WORK_QUEUE, { connection: queueConnection });
    const events = new QueueEvents(WORK_QUEUE, { connection: eventsConnection });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    const scheduler = new RedisScheduler(opts, redis, queue, events, [queueConnection, eventsConnection]);
    await scheduler.#refresh();
    return scheduler;
  }

  submit(job: SchedulerJob): { done: Promise<JobStatus> } {
    if (this.#closed) throw new Error('The scheduler is closed');
    if (this.#entries.has(job.id)) throw new Error(`Job ${job.id} is already in the scheduler`);
    let resolveDone!: (status: JobStatus) => void;
    const done = new Promise<JobStatus>((resolve) => (resolveDone = resolve));
    const entry: Entry = {
      job,
      status: 'admitting',
      controller: new AbortController(),
      turn: 0,
      added: false,
      resolveDone,
    };
    this.#entries.set(job.id, entry);
    void this.#admit(entry);
    return { done };
  }

  async #admit(entry: Entry): Promise<void> {
    const { job } = entry;
    try {
      entry.turn = (await this.#admitInTime(job)).turn;
    } catch (error) {
      this.#entries.delete(job.id);
      if (isScanlineError(error)) {
        this.#opts.metrics?.refused(error.code);
        this.#call(entry, () => job.onRefused?.(error));
      } else {
        this.#log.error({ err: error, job: job.id }, 'admission in Redis failed');
        this.#call(entry, () => job.onRefused?.(new ScanlineError('queue_unavailable')));
      }
      entry.resolveDone('failed');
      this.#checkIdle();
      return;
    }
    if (this.#entries.get(job.id) !== entry) {
      // Cancelled while Redis admitted it.
      await this.#fair.release(job.id).catch(() => undefined);
      return;
    }
    entry.status = 'queued';
    await this.#showQueued(entry);
    // The pipeline's run: downloads the inputs on this bot, then hands the work to run() below.
    await this.#runAndLeave(entry);
  }

  /** Its place in the turn order (1 until the snapshot lists it, or when Redis does not answer). */
  async #showQueued(entry: Entry): Promise<void> {
    await this.#refresh().catch((error) => this.#log.debug({ err: error }, 'queue positions not refreshed'));
    if (entry.position === undefined) {
      entry.position = 1;
      this.#call(entry, () => entry.job.onQueued?.(1));
    }
  }

  async #runAndLeave(entry: Entry): Promise<void> {
    const { job } = entry;
    let run: Promise<void>;
    try {
      run = Promise.resolve(job.run(entry.controller.signal));
    } catch (error) {
      run = Promise.reject(error);
    }
    const status = await run.then(
      () => 'done' as const,
      () => 'failed' as const,
    );
    if (this.#entries.get(job.id) !== entry) return;
    this.#leave(entry, status);
  }

  /** Admission, or queue_unavailable when Redis does not answer in time (a late admission is released). */
  async #admitInTime(job: SchedulerJob): Promise<{ turn: number }> {
    let timer: NodeJS.Timeout | undefined;
    let late = false;
    // A server's own per-user cap (its admins' setting) may only lower the cluster's.
    const caps =
      job.perUserCap !== undefined
        ? { ...this.#opts.caps, perUser: Math.min(this.#opts.caps.perUser, job.perUserCap) }
        : this.#opts.caps;
    const admitted = this.#fair.admit(job, caps);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        late = true;
        reject(new ScanlineError('queue_unavailable'));
      }, this.#opts.admitTimeoutMs ?? ADMIT_TIMEOUT_MS);
    });
    void admitted.then(
      () => (late ? this.#fair.release(job.id) : undefined),
      () => undefined,
    );
    try {
      return await Promise.race([admitted, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * A job another bot process submitted (it stopped): taken over while BullMQ still has it waiting (with its
   * inputs), running, or finished with a result nobody collected. No new admission and no new BullMQ job: the
   * callbacks follow the one there, `run` collects it through `resume`. A job nothing will finish any more
   * (gone from BullMQ, inputs expired, result expired, cancelled) gets undefined, and its admission is released
   * so it stops counting against its user's and channel's caps.
   */
  async adopt(job: SchedulerJob): Promise<{ done: Promise<JobStatus> } | undefined> {
    if (this.#closed || this.#entries.has(job.id)) return undefined;
    const state = await this.#adoptable(job.id);
    if (!state) {
      await this.#fair.release(job.id).catch(() => undefined);
      return undefined;
    }
    if (this.#closed || this.#entries.has(job.id)) return undefined;
    let resolveDone!: (status: JobStatus) => void;
    const done = new Promise<JobStatus>((resolve) => (resolveDone = resolve));
    const entry: Entry = {
      job,
      status: state === 'waiting' ? 'queued' : 'running',
      controller: new AbortController(),
      turn: 0,
      added: true,
      resolveDone,
    };
    this.#entries.set(job.id, entry);
    this.#log.info({ job: job.id, state }, 'took over a job another bot process submitted');
    if (state === 'waiting') await this.#showQueued(entry);
    else if (state === 'running') this.#call(entry, () => job.onStarted?.());
    void this.#runAndLeave(entry);
    return { done };
  }

  /** Where a BullMQ job stands for an adoption: undefined when nothing will finish it. */
  async #adoptable(id: string): Promise<'waiting' | 'running' | 'finished' | undefined> {
    const bull = await this.#queue.getJob(id);
    if (!bull) return undefined;
    const state = await bull.getState();
    if (await this.#redis.exists(cancelKey(id))) return undefined;
    if (WAITING_STATES.has(state)) {
      // A job without input images (a prompt) keeps no input key.
      const names = (bull.data as Partial<WireJob> | undefined)?.names ?? [];
      if (names.length === 0 || (await this.#redis.exists(inputKey(id)))) return 'waiting';
      // No worker can run it: its inputs are gone. Removed, so none tries.
      await bull.remove().catch(() => undefined);
      return undefined;
    }
    if (state === 'active') return 'running';
    if (state === 'failed') return bull.failedReason === 'cancelled' ? undefined : 'finished';
    if (state !== 'completed') return undefined;
    const result = (
      typeof bull.returnvalue === 'string' ? JSON.parse(bull.returnvalue) : bull.returnvalue
    ) as WireResult | null;
    // Finals' bytes are kept RESULT_TTL_MS; a result without images has none to keep.
    if (!result) return undefined;
    return result.images.length === 0 || (await this.#redis.exists(resultKey(id))) ? 'finished' : undefined;
  }

  /** The WorkRunner side of an adopted job: its result (or failure) from BullMQ, with progress meanwhile. */
  async resume(opts: WorkOptions): Promise<TaskOutput> {
    const id = opts.jobId;
    const entry = this.#entries.get(id);
    if (!entry?.added) throw new Error(`job ${id} was not adopted by this scheduler`);
    opts.signal.throwIfAborted();
    const result = new Promise<TaskOutput>((resolve, reject) => {
      entry.remote = { progress: opts.progress, resolve, reject, chain: Promise.resolve() };
      opts.signal.addEventListener('abort', () => reject(opts.signal.reason), { once: true });
    });
    // It may have ended before anyone here listened for its events.
    void this.#check(id, entry).catch((error) =>
      this.#log.debug({ err: error, job: id }, 'adopted job not checked (Redis unreachable?); the sweep will'),
    );
    return result;
  }

  /** The WorkRunner side: sends the job's work to the workers and waits for its result. */
  async run(work: Work, opts: WorkOptions): Promise<TaskOutput> {
    const entry = this.#entries.get(opts.jobId);
    if (!entry) throw new Error(`job ${opts.jobId} was not submitted to this scheduler`);
    opts.signal.throwIfAborted();
    const id = opts.jobId;
    const files = work.files;
    const tx = this.#redis.multi().del(inputKey(id));
    files.forEach((f, i) =>
      tx.hset(inputKey(id), String(i), Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength)),
    );
    await tx.pexpire(inputKey(id), INPUT_TTL_MS).exec();
    const data: WireJob = {
      plan: work.plan,
      maxPixels: work.maxPixels,
      maxFileBytes: work.maxFileBytes,
      names: files.map((f) => f.name),
      userId: entry.job.userId,
      channelId: entry.job.channelId,
      platform: work.platform,
      ...(work.safety ? { safety: work.safety } : {}),
    };
    const result = new Promise<TaskOutput>((resolve, reject) => {
      entry.remote = { progress: opts.progress, resolve, reject, chain: Promise.resolve() };
      opts.signal.addEventListener('abort', () => reject(opts.signal.reason), { once: true });
    });
    await this.#queue.add('work', data, {
      jobId: id,
      priority: entry.turn,
      attempts: 1,
      removeOnComplete: completedJobs,
      removeOnFail: failedJobs,
    });
    entry.added = true;
    if (opts.signal.aborted) void this.#cancelRemote(id);
    this.#refreshPositions();
    return result;
  }

  cancel(jobId: string): boolean {
    const entry = this.#entries.get(jobId);
    if (!entry) return false;
    this.#entries.delete(jobId);
    entry.controller.abort(new DOMException(`Job ${jobId} was cancelled`, 'AbortError'));
    const told = this.#cancelRemote(jobId);
    this.#cancelling.add(told);
    void told.finally(() => this.#cancelling.delete(told));
    this.#call(entry, () => entry.job.onCancelled?.());
    entry.resolveDone('cancelled');
    this.#refreshPositions();
    this.#checkIdle();
    return true;
  }

  /** Shutdown: a job in BullMQ is left to its worker (and its admission kept) for the next bot to adopt. */
  handOff(jobId: string): boolean {
    const entry = this.#entries.get(jobId);
    if (!entry?.added) return false;
    this.#entries.delete(jobId);
    // Its events are not for this process any more.
    entry.remote = undefined;
    this.#checkIdle();
    return true;
  }

  status(jobId: string): JobStatus | undefined {
    const status = this.#entries.get(jobId)?.status;
    return status === 'admitting' ? 'queued' : status;
  }

  /** Cluster-wide counts (every bot's jobs), as of the last event. */
  stats(): { queued: number; running: number; users: number } {
    return { ...this.#cluster };
  }

  onIdle(): Promise<void> {
    return this.#idle.wait(this.#entries.size === 0);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    for (const id of [...this.#entries.keys()]) this.cancel(id);
    await this.#refreshing?.catch(() => undefined);
    await Promise.allSettled([...this.#cancelling]);
    await Promise.allSettled([this.#events.close(), this.#queue.close()]);
    for (const connection of this.#connections) connection.disconnect();
    this.#redis.disconnect();
  }

  /** Stops a job wherever it is: removed while waiting in BullMQ, or told to the worker running it. */
  async #cancelRemote(jobId: string): Promise<void> {
    try {
      await this.#redis.multi().set(cancelKey(jobId), '1', 'PX', CANCEL_TTL_MS).publish(CANCEL_CHANNEL, jobId).exec();
      // Only a waiting job is removed. A running one is locked by its worker, which obeys the cancel message and
      // fails it as 'cancelled'; that record stays (removing it once the worker let go would erase the cancel).
      // A worker that takes the job between these two calls finds the cancel mark and fails it at once.
      const job = await this.#queue.getJob(jobId);
      if (job && WAITING_STATES.has(await job.getState())) await job.remove().catch(() => undefined);
      await this.#fair.release(jobId);
    } catch (error) {
      this.#log.warn({ err: error, job: jobId }, 'could not tell Redis about a cancel');
    }
  }

  #started(jobId: string): void {
    this.#refreshPositions();
    const entry = this.#entries.get(jobId);
    if (!entry || entry.status === 'running') return;
    entry.status = 'running';
    entry.position = undefined;
    this.#call(entry, () => entry.job.onStarted?.());
  }

  #progressed(jobId: string, data: WireProgress): void {
    const remote = this.#entries.get(jobId)?.remote;
    if (!remote || typeof data !== 'object') return;
    remote.chain = remote.chain
      .then(async () => {
        const image = data.frame ? await getFrame(this.#redis, jobId) : undefined;
        remote.progress({
          fraction: data.fraction,
          ...(image ? { image } : {}),
          ...(image && data.safety ? { safety: data.safety } : {}),
          ...(data.text !== undefined ? { text: data.text } : {}),
        });
      })
      .catch((error) => this.#log.warn({ err: error, job: jobId }, 'preview frame lost'));
  }

  #completed(jobId: string, returnvalue: unknown): void {
    this.#refreshPositions();
    const remote = this.#entries.get(jobId)?.remote;
    if (!remote) return;
    const result = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as WireResult;
    remote.chain = remote.chain
      .then(() => takeResult(this.#redis, jobId, result))
      .then(
        (output) => remote.resolve({ ...output, timingsMs: { ...output.timingsMs } }),
        (error: unknown) => remote.reject(error),
      );
  }

  #failed(jobId: string, failedReason: string): void {
    this.#refreshPositions();
    const remote = this.#entries.get(jobId)?.remote;
    if (!remote) return;
    remote.chain = remote.chain.then(() => remote.reject(errorFromWire(failedReason)));
  }

  /** Jobs this bot waits for, checked in BullMQ: an event lost in a Redis outage must not leave a reply "working". */
  async #sweep(): Promise<void> {
    try {
      await this.#refresh();
      for (const [id, entry] of this.#entries) await this.#check(id, entry);
      if (this.#opts.metrics) this.#opts.metrics.setWorkers((await this.#fair.workers()).workers);
    } catch (error) {
      this.#log.debug({ err: error }, 'queue sweep failed (Redis unreachable?)');
    }
  }

  /** One job this bot waits for, as BullMQ has it now: an ended one is collected as its event would. */
  async #check(id: string, entry: Entry): Promise<void> {
    if (!entry.added || !entry.remote) return;
    const state = await this.#queue.getJobState(id);
    // Its 'active' event came before anyone here listened (an adopted job), or was lost in an outage.
    if (state === 'active' && entry.status === 'queued') this.#started(id);
    else if (state === 'completed') {
      const job = await this.#queue.getJob(id);
      if (job) this.#completed(id, job.returnvalue);
    } else if (state === 'failed') {
      const job = await this.#queue.getJob(id);
      this.#failed(id, job?.failedReason ?? 'unknown');
    } else if (state === 'unknown' && this.#entries.get(id) === entry) {
      this.#failed(id, 'job stalled more than allowable limit (it is gone from the queue)');
    }
  }

  #refreshPositions(): void {
    if (this.#closed) return;
    void this.#refresh().catch((error) => this.#log.debug({ err: error }, 'queue positions not refreshed'));
  }

  /** Cluster counts and this bot's queued jobs' positions in the turn order (one refresh at a time, coalesced). */
  async #refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#refreshAgain = false;
        const { counts, order } = await this.#fair.snapshot();
        this.#cluster = counts;
        order.forEach((id, i) => {
          const entry = this.#entries.get(id);
          if (!entry || entry.status !== 'queued' || entry.position === i + 1) return;
          entry.position = i + 1;
          this.#call(entry, () => entry.job.onQueued?.(i + 1));
        });
      } while (this.#refreshAgain);
    })().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  #leave(entry: Entry, status: 'done' | 'failed'): void {
    this.#entries.delete(entry.job.id);
    void this.#fair.release(entry.job.id).catch(() => undefined);
    entry.resolveDone(status);
    this.#checkIdle();
  }

  #checkIdle(): void {
    this.#idle.check(this.#entries.size === 0);
  }

  #call(entry: Entry, callback: () => void): void {
    callGuarded(callback, (error) => {
      if (this.#opts.onCallbackError) this.#opts.onCallbackError(error, entry.job.id);
      else this.#log.warn({ err: error, job: entry.job.id }, 'a scheduler callback threw');
    });
  }
}
