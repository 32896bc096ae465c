import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ScanlineError } from '../common/errors.js';
import { loadInputFiles } from './input-images.js';
import { Job, type JobDeps } from './job.js';
import type { PipelineMetrics } from './metrics/scanline-metrics.js';
import { MemoryJobJournal, type JobJournal, type JobRecord } from './job-journal.js';
import type { FinalRetryPolicy } from './reply-presenter.js';
import { route } from './router/index.js';
import type { CancelBy, ClusterCancel } from './redis/cluster-cancel.js';
import { SafetyGate } from './safety/safety-gate.js';
import type { Clock } from './scheduler/progress-throttle.js';
import type { JobScheduler, SchedulerJob } from './scheduler/scheduler.js';
import type { EngineClient, TaskHandler, TaskOutput } from './tasks/task-handler.js';
import { tableHandlers, taskName } from './tasks/task-table.js';
import {
  defaultServerSettings,
  serverKey,
  type ServerSettings,
  type SettingsStore,
  type UsageReport,
} from './settings/server-settings.js';
import { usageOutcome, type UsageOutcome } from './settings/usage-outcome.js';
import { LocalWork, type WorkOptions, type WorkRunner } from './work.js';
import type { ImageRef, JobEvent, JobState, Plan, Platform, ReplyLocation, ReplySink, Request, Task } from './types.js';

/** Every task's handler, from the task table (tests pass their own). */
function defaultHandlers(): Partial<Record<Task, TaskHandler>> {
  return tableHandlers();
}

export interface PipelineOptions {
  engine: EngineClient;
  scheduler: JobScheduler;
  /** Where the work runs once its inputs are downloaded: the local engine by default, a `scanline worker` with Redis. */
  work?: WorkRunner;
  /** Largest decoded input image, in pixels. */
  maxPixels: number;
  log: Logger;
  handlers?: Partial<Record<Task, TaskHandler>>;
  clock?: Clock;
  /** Where accepted jobs are recorded (FileJobJournal in the bots; memory by default). */
  journal?: JobJournal;
  /** How long finals are retried (tests shorten it; the default is minutes). */
  finalRetry?: Partial<FinalRetryPolicy>;
  /** The process's metrics (`npm start` with SCANLINE_METRICS_PORT): every job's transitions and engine timings. */
  metrics?: PipelineMetrics;
  /** Several bot processes (SCANLINE_REDIS_URL): cancels of jobs another process runs, and of ours when it asks. */
  cancels?: ClusterCancel;
  /** Per-server settings and the usage log (the bots: SQLite in the data folder, or Redis); absent = defaults, no usage. */
  settings?: SettingsStore;
}

/**
 * Platforms whose replies are messages any bot process can edit (found again from the journal), so a job can be
 * handed to the next process at shutdown. The playground's and the CLI's replies live in this process only.
 */
const REPLIES_OUTLIVE_PROCESS: ReadonlySet<Platform> = new Set(['discord', 'slack']);

/** How long a request or an admin command waits for the settings store (Redis may be down) before it fails. */
const SETTINGS_TIMEOUT_MS = 5000;

export interface JobHandle {
  readonly id: string;
  readonly plan: Plan;
  /** Settles with the final state; never rejects. */
  readonly done: Promise<JobState>;
}

export type CancelOutcome = 'cancelled' | 'not_found' | 'forbidden';

/**
 * The platform-neutral flow: Request -> Plan -> scheduled Job -> engine ->
 * JobEvents on the adapter's ReplySink. One per process, shared by every adapter.
 */
export class Pipeline {
  private readonly opts: PipelineOptions;
  private readonly handlers: Partial<Record<Task, TaskHandler>>;
  private readonly work: WorkRunner;
  /** Jobs queued or running. */
  private readonly jobs = new Map<string, Job>();
  /** Aborted at shutdown: finals still retrying make one last attempt. */
  private readonly closing = new AbortController();
  readonly journal: JobJournal;
  readonly settings: SettingsStore | undefined;

  constructor(opts: PipelineOptions) {
    this.opts = opts.metrics ? { ...opts, engine: meteredEngine(opts.engine, opts.metrics) } : opts;
    this.handlers = opts.handlers ?? defaultHandlers();
    this.work = opts.work ?? new LocalWork(this.opts.engine, this.handlers);
    this.journal = opts.journal ?? new MemoryJobJournal();
    opts.cancels?.serve((jobId, by) => this.cancel(jobId, by));
    this.settings = opts.settings;
  }

  /** The settings of the requester's server: the defaults without a store; throws when the store does not answer in time. */
  async serverSettings(from: Request['from']): Promise<ServerSettings> {
    const store = this.settings;
    if (!store) return defaultServerSettings();
    return this.inTime(store, store.forRequester(from));
  }

  /** Stores an admin's change (validated by the store); throws when there is no store or it does not answer in time. */
  async saveServerSettings(by: Request['from'], settings: ServerSettings): Promise<void> {
    const store = this.requireSettings();
    await this.inTime(store, store.put(serverKey(by), settings, by.userId));
  }

  /** The last 30 days of the requester's server; throws when there is no store or it does not answer in time. */
  async serverUsage(by: Request['from']): Promise<UsageReport> {
    const store = this.requireSettings();
    return this.inTime(store, store.usage(serverKey(by)));
  }

  private requireSettings(): SettingsStore {
    if (!this.settings) throw new Error('this process keeps no server settings');
    return this.settings;
  }

  /** Redis may be down (its commands wait for it): a request or an admin gets an answer within the bound. */
  private async inTime<T>(store: SettingsStore, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the settings store (${store.where}) did not answer in ${SETTINGS_TIMEOUT_MS} ms`)),
        SETTINGS_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Adds one line to the usage log (a refusal before any job, from the chat core). */
  recordUsage(from: Request['from'], task: Task, outcome: UsageOutcome, reason?: string): void {
    this.settings?.record({
      ...serverKey(from),
      userId: from.userId,
      task,
      at: Date.now(),
      outcome,
      ...(reason ? { reason } : {}),
    });
  }

  /**
   * Plans the request, queues it and shows it on the sink. Bad input is answered on the sink, never thrown.
   * `reply` is where the reply will be before the sink posts it (journaled; the sink's own answers update it).
   * `server` is the requester's server settings (the chat core read them): a task its admins turned off fails
   * at once, and its cap per user goes to the scheduler with the job.
   */
  submit(request: Request, sink: ReplySink, opts: { reply?: ReplyLocation; server?: ServerSettings } = {}): JobHandle {
    const id = randomUUID();
    const plan = route(request);
    const job = this.newJob({ id, request, plan, sink, ...(opts.reply ? { location: opts.reply } : {}) });
    const handle = (done: Promise<JobState>): JobHandle => {
      this.recordOutcome(job, done);
      return { id, plan, done };
    };
    const server = opts.server;
    if (server?.disabledTasks.includes(plan.task)) {
      return handle(
        job.fail(new ScanlineError('task_disabled', { what: taskName(plan.task, plan.locale), task: plan.task })),
      );
    }
    const images = [...(request.replyTo?.images ?? []), ...request.images];
    if (plan.task === 'understand' && images.length === 0 && plan.hints.length > 0) {
      // "help", "what can you do?", an empty mention: the router's hint is the answer, so it is not a note as well.
      return handle(job.succeed({ type: 'done', images: [], text: plan.hints.join('\n'), notes: [] }));
    }
    const handler = this.handlers[plan.task];
    if (!handler) return handle(job.fail(new ScanlineError('task_unavailable', { task: plan.task })));
    if (handler.needsImage && images.length === 0) return handle(job.fail(new ScanlineError('image_missing')));

    this.jobs.set(id, job);
    const queuedAt = performance.now();
    const scheduled = this.scheduled(job, (signal) =>
      this.run(job, images, sink, signal, performance.now() - queuedAt, server),
    );
    try {
      const submitted = this.opts.scheduler.submit({
        ...scheduled.job,
        ...(server?.perUserCap !== undefined ? { perUserCap: server.perUserCap } : {}),
        // Jobs of a batching engine task share a slot (the scheduler knows which tasks batch).
        batchKey: plan.task,
      });
      return handle(scheduled.outcome(submitted.done));
    } catch (error) {
      // A cap was reached: the user is told why and when to retry.
      this.jobs.delete(id);
      return handle(job.fail(error));
    }
  }

  private newJob(deps: Pick<JobDeps, 'id' | 'request' | 'plan' | 'sink' | 'location' | 'adopted'>): Job {
    const { request, plan } = deps;
    return new Job({
      ...deps,
      journal: this.journal,
      log: this.opts.log.child({ job: deps.id, platform: request.from.platform, task: plan.task }),
      ...(this.opts.metrics ? { meter: this.opts.metrics.job(plan.task, request.from.platform) } : {}),
      presenter: {
        ...(this.opts.clock ? { clock: this.opts.clock } : {}),
        signal: this.closing.signal,
        ...(this.opts.finalRetry ? { finalRetry: this.opts.finalRetry } : {}),
      },
    });
  }

  /** Every job's outcome goes to the usage log: ids and counts, never the prompt or the images. */
  private recordOutcome(job: Job, done: Promise<JobState>): void {
    void done.then((state) => {
      const { outcome, reason } = usageOutcome(state, job.failureCode);
      this.recordUsage(job.request.from, job.plan.task, outcome, reason);
    });
  }

  /**
   * The scheduler's side of a job kept in `jobs`: its callbacks move the job, `work` gives its done event.
   * `outcome` turns the scheduler's done into the job's final state (once its final was shown).
   */
  private scheduled(
    job: Job,
    work: (signal: AbortSignal) => Promise<DoneEvent>,
  ): { job: SchedulerJob; outcome(done: Promise<unknown>): Promise<JobState> } {
    let outcome: Promise<JobState> | undefined;
    const end = (settled: Promise<JobState>): void => {
      this.jobs.delete(job.id);
      outcome = settled;
    };
    return {
      job: {
        id: job.id,
        userId: job.request.from.userId,
        channelId: job.request.from.channelId,
        onQueued: (position) => job.queued(position),
        onStarted: () => job.started(),
        onCancelled: () => end(job.cancelled()),
        onRefused: (error) => end(job.fail(error)),
        run: async (signal) => {
          // The final's delivery (retried for minutes on platform errors) does not hold the device slot.
          try {
            end(job.succeed(await work(signal)));
          } catch (error) {
            end(job.fail(error));
          }
        },
      },
      outcome: (done) => done.then(async () => (await outcome) ?? job.state),
    };
  }

  /** Downloads the inputs, runs the work and returns the done event (throws on failure or abort). */
  private async run(
    job: Job,
    images: ImageRef[],
    sink: ReplySink,
    signal: AbortSignal,
    queueMs: number,
    server: ServerSettings | undefined,
  ): Promise<DoneEvent> {
    const started = performance.now();
    const plan = job.plan;
    const gate = await this.gate(job, sink, server);
    // Only the files' bytes pass through here; the inference worker decodes them.
    const inputs = await loadInputFiles(images, { signal });
    signal.throwIfAborted();
    const work = {
      plan,
      files: inputs.files,
      maxPixels: this.opts.maxPixels,
      maxFileBytes: sink.budget.maxFileBytes,
      platform: job.request.from.platform,
      safety: gate.workSafety(),
    };
    const output = await this.work
      .run(work, { jobId: job.id, signal, progress: this.progressOf(job, gate) })
      .catch((error: unknown) => {
        gate.noteRefusal(error);
        throw error;
      });
    signal.throwIfAborted();
    return doneEvent(job, gate, output, {
      queue: queueMs,
      ...inputs.timingsMs,
      ...output.timingsMs,
      total: performance.now() - started,
    });
  }

  /** The job's safety policy: every image it uses or makes is classified in the worker; this decides what is posted. */
  private async gate(job: Job, sink: ReplySink, server: ServerSettings | undefined): Promise<SafetyGate> {
    const from = job.request.from;
    // The chat core read the server's settings before queueing; anything else reads them here.
    const settings = server ?? (await this.serverSettings(from));
    return new SafetyGate({
      safety: settings.safety,
      from,
      locale: job.plan.locale,
      budget: sink.budget,
      log: job.log,
    });
  }

  /** Progress of the work onto the job; frames the handler makes itself (the poster's) pass the same policy as the engine's. */
  private progressOf(job: Job, gate: SafetyGate): WorkOptions['progress'] {
    return (p) =>
      job.progress({
        fraction: p.fraction,
        ...(p.image && gate.preview(p).image ? { image: p.image } : {}),
        ...(p.text !== undefined ? { text: p.text } : {}),
      });
  }

  /**
   * A journaled job whose process stopped, taken over when the scheduler still has it (waiting, running on a
   * `scanline worker`, or finished with its result not yet collected): `sink` shows it on its journaled reply.
   * False when nothing will finish it (the embedded scheduler, or the job is gone): it is told interrupted.
   */
  private async adopt(record: JobRecord, sink: ReplySink): Promise<boolean> {
    const resume = this.work.resume?.bind(this.work);
    const { scheduler } = this.opts;
    if (!scheduler.adopt || !resume || this.closing.signal.aborted) return false;
    const request: Request = {
      from: record.from,
      text: record.text,
      // Its inputs went with the work; nothing is downloaded again.
      images: [],
      ...(record.task ? { task: record.task } : {}),
      params: record.params,
      receivedAt: record.createdAt,
    };
    const job = this.newJob({
      id: record.id,
      request,
      plan: record.plan,
      sink,
      ...(record.reply ? { location: record.reply } : {}),
      adopted: true,
    });
    this.jobs.set(job.id, job);
    const scheduled = this.scheduled(job, async (signal) => {
      const gate = await this.gate(job, sink, undefined);
      const output = await resume({ jobId: job.id, signal, progress: this.progressOf(job, gate) }).catch(
        (error: unknown) => {
          gate.noteRefusal(error);
          throw error;
        },
      );
      signal.throwIfAborted();
      // The part before the restart was timed by the process that is gone: the total counts from the request.
      return doneEvent(job, gate, output, { ...output.timingsMs, total: Date.now() - record.createdAt });
    });
    let adopted: { done: Promise<unknown> } | undefined;
    try {
      adopted = await scheduler.adopt(scheduled.job);
    } catch (error) {
      job.log.warn({ err: error }, 'could not look for the job in the scheduler; it is told interrupted');
    }
    if (!adopted) {
      this.jobs.delete(job.id);
      return false;
    }
    job.log.info('job taken over from a bot process that stopped; its reply follows it');
    this.recordOutcome(job, scheduled.outcome(adopted.done));
    return true;
  }

  /** Cancels a queued or running job; only its requester or a moderator may. */
  cancel(jobId: string, by: CancelBy): CancelOutcome {
    const job = this.jobs.get(jobId);
    if (!job) return 'not_found';
    if (job.request.from.userId !== by.userId && !by.isModerator) return 'forbidden';
    return this.opts.scheduler.cancel(jobId) ? 'cancelled' : 'not_found';
  }

  /** As `cancel`, and when the job is not here, asks the other bot processes (the one that runs it answers). */
  async cancelAnywhere(jobId: string, by: CancelBy): Promise<CancelOutcome> {
    const here = this.cancel(jobId, by);
    if (here !== 'not_found' || !this.opts.cancels) return here;
    return this.opts.cancels.cancel(jobId, { userId: by.userId, ...(by.isModerator ? { isModerator: true } : {}) });
  }

  /** Aborted when the process shuts down (for work that repeats while it runs). */
  get closingSignal(): AbortSignal {
    return this.closing.signal;
  }

  /** The jobs the journal keeps (oldest first), e.g. for an adapter to find its threads again after a restart. */
  async recentJobs(): Promise<JobRecord[]> {
    return this.journal.recent();
  }

  /** The recorded job (for buttons), also after a restart while the journal keeps it. */
  async record(jobId: string): Promise<JobRecord | undefined> {
    return this.journal.get(jobId);
  }

  /**
   * Jobs of this platform that were accepted but never finished because their process stopped. Those a
   * `scanline worker` still runs or finished (SCANLINE_REDIS_URL) are taken over when `reattach` gives a sink
   * on their journaled reply: it shows them to the end, Cancel works on it. The others are marked failed and
   * returned; the adapter tells each user (code `interrupted`) on its reply.
   */
  async recoverInterrupted(
    platform: Platform,
    reattach?: (record: JobRecord) => ReplySink | undefined,
  ): Promise<{ interrupted: JobRecord[]; adopted: JobRecord[] }> {
    const records = (await this.journal.unfinished(platform)).filter(
      (r) => r.from.platform === platform && !this.jobs.has(r.id),
    );
    const interrupted: JobRecord[] = [];
    const adopted: JobRecord[] = [];
    for (const r of records) {
      const sink = reattach?.(r);
      if (sink && (await this.adopt(r, sink))) {
        adopted.push(r);
        continue;
      }
      await this.journal.update(r.id, { state: 'failed' });
      interrupted.push(r);
    }
    return { interrupted, adopted };
  }

  /**
   * Shutdown: every queued or running job stops and its reply says it was interrupted; except, with
   * SCANLINE_REDIS_URL, a job a `scanline worker` already has: it goes on there, its reply and journal
   * record are left as they are, and the next bot process (this one restarted, or a replica) takes it over.
   */
  async interruptAll(): Promise<void> {
    this.closing.abort();
    const live = [...this.jobs.values()];
    const handedOff: Promise<void>[] = [];
    for (const job of live) {
      if (REPLIES_OUTLIVE_PROCESS.has(job.request.from.platform) && this.opts.scheduler.handOff?.(job.id)) {
        this.jobs.delete(job.id);
        handedOff.push(job.handOff());
        continue;
      }
      job.interrupted = true;
      this.opts.scheduler.cancel(job.id);
    }
    await Promise.all(handedOff);
    await this.opts.scheduler.onIdle();
  }

  /** Jobs still queued or running (for shutdown and the bench). */
  get activeJobs(): number {
    return this.jobs.size;
  }
}

type DoneEvent = Extract<JobEvent, { type: 'done' }>;

/** The work's output as the job's done event: the finals the safety policy lets through, the notes, the timings. */
function doneEvent(job: Job, gate: SafetyGate, output: TaskOutput, timingsMs: Record<string, number>): DoneEvent {
  const shown = gate.finals(output.images);
  const notes = [...job.plan.hints, ...(output.notes ?? []), ...shown.notes];
  return {
    type: 'done',
    images: shown.images,
    ...(output.text !== undefined ? { text: output.text } : {}),
    ...(output.annotations ? { annotations: output.annotations } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    timingsMs,
  };
}

/** The engine as handlers see it, with every run's stage timings reported (as the worker measured them). */
export function meteredEngine(engine: EngineClient, metrics: PipelineMetrics): EngineClient {
  return {
    async run(task, inputs, opts) {
      const result = await engine.run(task, inputs, opts);
      metrics.engineRun(task, result.timingsMs);
      return result;
    },
  };
}
