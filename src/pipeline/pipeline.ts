import { randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ScanlineError, formatMessage, isScanlineError } from '../common/errors.js';
import { loadInputFiles } from './input-images.js';
import { MemoryJobJournal, storedImages, type JobJournal, type JobRecord, type StoredImage } from './job-journal.js';
import { JobViewModel } from './job-view.js';
import { ReplyPresenter, type FinalRetryPolicy } from './reply-presenter.js';
import { route } from './router/index.js';
import type { Clock } from './scheduler/progress-throttle.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { EngineClient, TaskHandler } from './tasks/task-handler.js';
import { tableHandlers } from './tasks/task-table.js';
import type { ImageRef, JobState, Locale, Plan, Platform, ReplySink, Request, Requester, Task } from './types.js';

/** Every task's handler, from the task table (tests pass their own). */
function defaultHandlers(): Partial<Record<Task, TaskHandler>> {
  return tableHandlers();
}

export interface PipelineOptions {
  engine: EngineClient;
  scheduler: Scheduler;
  /** Largest decoded input image, in pixels. */
  maxPixels: number;
  log: Logger;
  handlers?: Partial<Record<Task, TaskHandler>>;
  clock?: Clock;
  /** Where accepted jobs are recorded (FileJobJournal in the bots; memory by default). */
  journal?: JobJournal;
  /** How long finals are retried (tests shorten it; the default is minutes). */
  finalRetry?: Partial<FinalRetryPolicy>;
}

export interface JobHandle {
  readonly id: string;
  readonly plan: Plan;
  /** Settles with the final state; never rejects. */
  readonly done: Promise<JobState>;
}

interface LiveJob {
  id: string;
  request: Request;
  plan: Plan;
  state: JobState;
  /** Stopped because the process is shutting down, not by a person. */
  interrupted?: boolean;
}

export type CancelOutcome = 'cancelled' | 'not_found' | 'forbidden';

/**
 * The platform-neutral flow: Request -> Plan -> scheduled Job -> engine ->
 * JobEvents on the adapter's ReplySink. One per process, shared by every adapter.
 */
export class Pipeline {
  private readonly opts: PipelineOptions;
  private readonly handlers: Partial<Record<Task, TaskHandler>>;
  private readonly jobs = new Map<string, LiveJob>();
  /** Aborted at shutdown: finals still retrying make one last attempt. */
  private readonly closing = new AbortController();
  readonly journal: JobJournal;

  constructor(opts: PipelineOptions) {
    this.opts = opts;
    this.handlers = opts.handlers ?? defaultHandlers();
    this.journal = opts.journal ?? new MemoryJobJournal();
  }

  /**
   * Plans the request, queues it and shows it on the sink. Bad input is answered on the sink, never thrown.
   * `reply` is the adapter's own note of where the job is shown (kept in the journal for buttons and restarts).
   */
  submit(request: Request, sink: ReplySink, opts: { reply?: Record<string, string> } = {}): JobHandle {
    const id = randomUUID();
    const plan = route(request);
    const job: LiveJob = { id, request, plan, state: 'queued' };
    const log = this.opts.log.child({ job: id, platform: request.from.platform, task: plan.task });
    const now = Date.now();
    const record: JobRecord = {
      id,
      state: 'queued',
      from: request.from,
      text: request.text,
      ...(request.task ? { task: request.task } : {}),
      params: request.params,
      ...storedImages(request),
      plan,
      ...(opts.reply ? { reply: opts.reply } : {}),
      createdAt: now,
      updatedAt: now,
    };
    let journaling = this.journal.put(record).catch((error) => log.warn({ err: error }, 'journal write failed'));
    const journal = (state: JobState) => {
      journaling = journaling
        .then(() => this.journal.update(id, { state }))
        .catch((error) => log.warn({ err: error }, 'journal write failed'));
    };
    const presenter = new ReplyPresenter(sink, new JobViewModel(id, plan), {
      clock: this.opts.clock,
      onError: (error) => log.warn({ err: error }, 'reply update failed'),
      onFinalRetried: (report) => log.warn(report, 'final reply needed retries'),
      signal: this.closing.signal,
      ...(this.opts.finalRetry ? { finalRetry: this.opts.finalRetry } : {}),
    });
    const settle = async (state: JobState, show: () => Promise<void>): Promise<JobState> => {
      if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return job.state;
      job.state = state;
      this.jobs.delete(id);
      journal(state);
      try {
        await show();
      } catch (error) {
        log.warn({ err: error }, 'final reply failed');
      }
      return state;
    };
    const fail = (error: unknown) =>
      settle(error instanceof Error && error.name === 'AbortError' ? 'cancelled' : 'failed', () =>
        job.state === 'cancelled'
          ? presenter.fail({ type: 'cancelled' })
          : presenter.fail(this.failure(error, plan.locale, log)),
      );

    const handler = this.handlers[plan.task];
    const images = [...(request.replyTo?.images ?? []), ...request.images];
    if (plan.task === 'understand' && images.length === 0 && plan.hints.length > 0) {
      // "help", "what can you do?", an empty mention: the router's hint is the answer, so it is not a note as well.
      const done = settle('done', () =>
        presenter.finish({ type: 'done', images: [], text: plan.hints.join('\n'), notes: [] }),
      );
      return { id, plan, done };
    }
    let early: ScanlineError | undefined;
    if (!handler) early = new ScanlineError('task_unavailable', { task: plan.task });
    else if (handler.needsImage && images.length === 0) early = new ScanlineError('image_missing');
    if (early || !handler) {
      const done = fail(early);
      return { id, plan, done };
    }

    this.jobs.set(id, job);
    const queuedAt = performance.now();
    let outcome: Promise<JobState> | undefined;
    try {
      const submitted = this.opts.scheduler.submit({
        id,
        userId: request.from.userId,
        channelId: request.from.channelId,
        onQueued: (position) => presenter.show({ type: 'queued', position }),
        onStarted: () => {
          job.state = 'running';
          journal('running');
          presenter.show({ type: 'started' });
        },
        onCancelled: () => {
          outcome = job.interrupted
            ? settle('failed', () =>
                presenter.fail({
                  type: 'failed',
                  code: 'interrupted',
                  userMessage: formatMessage('interrupted', plan.locale),
                }),
              )
            : settle('cancelled', () => presenter.fail({ type: 'cancelled' }));
        },
        run: async (signal) => {
          const queueMs = performance.now() - queuedAt;
          const started = performance.now();
          try {
            // Only the files' bytes pass through here; the inference worker decodes them.
            const inputs = await loadInputFiles(images, { signal });
            signal.throwIfAborted();
            const output = await handler.run({
              plan,
              images: [],
              files: inputs.files,
              maxPixels: this.opts.maxPixels,
              engine: this.opts.engine,
              signal,
              maxFileBytes: sink.budget.maxFileBytes,
              progress: (p) =>
                presenter.show({
                  type: 'progress',
                  fraction: p.fraction,
                  ...(p.image ? { image: p.image } : {}),
                  ...(p.text !== undefined ? { text: p.text } : {}),
                }),
            });
            signal.throwIfAborted();
            const notes = [...plan.hints, ...(output.notes ?? [])];
            outcome = settle('done', () =>
              presenter.finish({
                type: 'done',
                images: output.images,
                ...(output.text !== undefined ? { text: output.text } : {}),
                ...(output.annotations ? { annotations: output.annotations } : {}),
                ...(notes.length > 0 ? { notes } : {}),
                timingsMs: {
                  queue: queueMs,
                  ...inputs.timingsMs,
                  ...output.timingsMs,
                  total: performance.now() - started,
                },
              }),
            );
          } catch (error) {
            outcome = fail(error);
          }
          // The final's delivery (retried for minutes on platform errors) does not hold the device slot.
        },
      });
      const done = submitted.done.then(async () => (await outcome) ?? job.state);
      return { id, plan, done };
    } catch (error) {
      // A cap was reached: the user is told why and when to retry.
      this.jobs.delete(id);
      return { id, plan, done: fail(error) };
    }
  }

  /** Cancels a queued or running job; only its requester or a moderator may. */
  cancel(jobId: string, by: { userId: string; isModerator?: boolean }): CancelOutcome {
    const job = this.jobs.get(jobId);
    if (!job) return 'not_found';
    if (job.request.from.userId !== by.userId && !by.isModerator) return 'forbidden';
    return this.opts.scheduler.cancel(jobId) ? 'cancelled' : 'not_found';
  }

  /** Remembers where the adapter shows a job, once it knows (e.g. the message id after posting). */
  async attachReply(jobId: string, reply: Record<string, string>): Promise<void> {
    await this.journal.update(jobId, { reply });
  }

  /** The jobs the journal keeps (oldest first), e.g. for an adapter to find its threads again after a restart. */
  async recentJobs(): Promise<JobRecord[]> {
    return this.journal.recent();
  }

  /** The recorded job (for buttons), also after a restart while the journal keeps it. */
  async record(jobId: string): Promise<JobRecord | undefined> {
    return this.journal.get(jobId);
  }

  /** May this user act on the job's reply (delete it, reroll it)? Its requester or a moderator. */
  async mayModify(jobId: string, by: { userId: string; isModerator?: boolean }): Promise<boolean> {
    if (by.isModerator) return true;
    const record = await this.journal.get(jobId);
    return record?.from.userId === by.userId;
  }

  /**
   * The request for "Reroll": the same instruction with a new seed, asked by `by`.
   * `hydrate` rebuilds input images with the adapter's auth. Undefined when the job is no longer known.
   */
  async rerollRequest(
    jobId: string,
    by: Requester,
    hydrate: (image: StoredImage) => ImageRef,
  ): Promise<Request | undefined> {
    const record = await this.journal.get(jobId);
    if (!record) return undefined;
    return {
      id: randomUUID(),
      from: by,
      text: record.text,
      images: record.images.map(hydrate),
      ...(record.task ? { task: record.task } : {}),
      params: { ...record.params, seed: randomInt(0, 2 ** 32 - 1) },
      ...(record.replyTo
        ? { replyTo: { messageId: record.replyTo.messageId, images: record.replyTo.images.map(hydrate) } }
        : {}),
      receivedAt: Date.now(),
    };
  }

  /**
   * Jobs of this platform that were accepted but never finished because the process stopped.
   * They are marked failed; the adapter tells each user (code `interrupted`) on its reply.
   */
  async recoverInterrupted(platform: Platform): Promise<JobRecord[]> {
    const records = (await this.journal.unfinished()).filter(
      (r) => r.from.platform === platform && !this.jobs.has(r.id),
    );
    for (const r of records) await this.journal.update(r.id, { state: 'failed' });
    return records;
  }

  /** Shutdown: every queued or running job stops and its reply says it was interrupted. */
  async interruptAll(): Promise<void> {
    this.closing.abort();
    const live = [...this.jobs.values()];
    for (const job of live) {
      job.interrupted = true;
      this.opts.scheduler.cancel(job.id);
    }
    await this.opts.scheduler.onIdle();
  }

  /** Jobs still queued or running (for shutdown and the bench). */
  get activeJobs(): number {
    return this.jobs.size;
  }

  private failure(error: unknown, locale: Locale, log: Logger): { type: 'failed'; userMessage: string; code: string } {
    if (isScanlineError(error)) {
      log.info({ code: error.code }, 'job refused');
      return { type: 'failed', userMessage: error.userMessage(locale), code: error.code };
    }
    const errorId = randomUUID().slice(0, 8);
    log.error({ err: error, errorId }, 'job failed');
    return { type: 'failed', userMessage: formatMessage('internal', locale, { id: errorId }), code: 'internal' };
  }
}
