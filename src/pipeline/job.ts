import type { Logger } from 'pino';
import { isScanlineError } from '../common/errors.js';
import { t } from '../common/messages.js';
import { reportInternal } from './internal-error.js';
import { storedImages, type JobJournal, type JobRecord } from './job-journal.js';
import { JobViewModel } from './job-view.js';
import type { JobMeter } from './metrics/scanline-metrics.js';
import { ReplyPresenter, type PendingUpdate, type ReplyPresenterOptions } from './reply-presenter.js';
import type { JobEvent, JobState, Plan, ReplyLocation, ReplySink, Request } from './types.js';

/** The states a job may move to from each state; anything else is a no-op (a late event after the end). */
const NEXT: Record<JobState, readonly JobState[]> = {
  queued: ['running', 'done', 'failed', 'cancelled'],
  running: ['done', 'failed', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

export function isFinal(state: JobState): boolean {
  return NEXT[state].length === 0;
}

export interface JobDeps {
  id: string;
  request: Request;
  plan: Plan;
  sink: ReplySink;
  journal: JobJournal;
  log: Logger;
  /** Where the reply will be before the sink posts it (e.g. the message that asked). */
  location?: ReplyLocation;
  presenter: Omit<ReplyPresenterOptions, 'render' | 'onLocation' | 'onError' | 'onFinalRetried' | 'onFrame'>;
  /** Told every transition, progress step and preview frame (the process's metrics, when it keeps them). */
  meter?: JobMeter;
  /**
   * A journaled job another bot process accepted and a worker still runs, taken over by this one: its record
   * is already in the journal (only its changes are written), and its reply says it is still being worked on.
   */
  adopted?: boolean;
}

type DoneEvent = Extract<JobEvent, { type: 'done' }>;

/**
 * One accepted job: its state machine (queued -> running -> done | failed | cancelled), its view,
 * its journal record and where its reply lives. Transitions are the only way its state changes;
 * each is journaled and shown through the presenter, which only delivers.
 */
export class Job {
  readonly id: string;
  readonly request: Request;
  readonly plan: Plan;
  readonly log: Logger;
  /** Stopped because the process is shutting down, not by a person. */
  interrupted = false;
  /** The code the job failed with (a ScanlineError code, 'internal' or 'interrupted'), once it failed. */
  failureCode: string | undefined;
  private current: JobState = 'queued';
  private readonly view: JobViewModel;
  private readonly presenter: ReplyPresenter;
  private readonly journal: JobJournal;
  private readonly meter: JobMeter | undefined;
  /** Journal writes in order; a failed one is logged and does not stop the next. */
  private journaling: Promise<void>;
  private settling: Promise<JobState> | undefined;

  constructor(deps: JobDeps) {
    this.id = deps.id;
    this.request = deps.request;
    this.plan = deps.plan;
    this.log = deps.log;
    this.journal = deps.journal;
    this.meter = deps.meter;
    this.view = new JobViewModel(deps.id, deps.plan, deps.adopted ? [t('stillWorking', deps.plan.locale)] : []);
    this.presenter = new ReplyPresenter(deps.sink, {
      ...deps.presenter,
      render: (event) => this.view.apply(event),
      onLocation: (reply) => this.record({ reply }),
      onError: (error) => this.log.warn({ err: error }, 'reply update failed'),
      onFinalRetried: (report) => this.log.warn(report, 'final reply needed retries'),
      ...(deps.meter ? { onFrame: deps.meter.frame } : {}),
    });
    if (deps.adopted) {
      this.journaling = Promise.resolve();
      return;
    }
    const now = Date.now();
    const record: JobRecord = {
      id: this.id,
      state: 'queued',
      from: deps.request.from,
      text: deps.request.text,
      ...(deps.request.task ? { task: deps.request.task } : {}),
      params: deps.request.params,
      ...storedImages(deps.request),
      plan: deps.plan,
      ...(deps.location ? { reply: deps.location } : {}),
      createdAt: now,
      updatedAt: now,
    };
    this.journaling = this.journal.put(record).catch((error) => this.log.warn({ err: error }, 'journal write failed'));
  }

  get state(): JobState {
    return this.current;
  }

  /** The scheduler took the job (first call) or its place in the queue changed. */
  queued(position: number): void {
    if (this.current !== 'queued') return;
    this.meter?.accepted();
    this.presenter.show({ type: 'queued', position });
  }

  started(): void {
    if (!this.move('running')) return;
    this.presenter.show({ type: 'started' });
  }

  progress(update: Omit<Extract<PendingUpdate, { type: 'progress' }>, 'type'>): void {
    if (this.current !== 'running') return;
    this.meter?.progressed();
    this.presenter.show({ type: 'progress', ...update });
  }

  /** The result is in: the job is done and its final shown (retried by the presenter). */
  succeed(event: DoneEvent): Promise<JobState> {
    return this.settle('done', () => this.presenter.finish(event));
  }

  /** Something stopped the job: an abort is a cancel, a ScanlineError is told as is, anything else gets an error id. */
  fail(error: unknown): Promise<JobState> {
    if (error instanceof Error && error.name === 'AbortError') return this.cancelled();
    return this.settle('failed', () => this.presenter.fail(this.failure(error)));
  }

  /** Cancelled by a person, or stopped by the shutdown (then the reply says it was interrupted). */
  cancelled(): Promise<JobState> {
    if (this.interrupted) {
      const userMessage = t('interrupted', this.plan.locale);
      this.failureCode ??= 'interrupted';
      return this.settle('failed', () => this.presenter.fail({ type: 'failed', code: 'interrupted', userMessage }));
    }
    return this.settle('cancelled', () => this.presenter.fail({ type: 'cancelled' }));
  }

  /**
   * The process stops while a `scanline worker` still has the job: it is left as it is (its journal record
   * unfinished, its reply as last shown) for the next bot process to take over. Resolves once its writes settled.
   */
  async handOff(): Promise<void> {
    this.log.info('the bot stops: job left to the worker, for the next bot process to take over');
    await this.presenter.stop();
    await this.journaling;
  }

  /** Settles once: the first final transition wins, later ones return its outcome. */
  private settle(state: JobState, show: () => Promise<void>): Promise<JobState> {
    if (this.settling) return this.settling;
    if (!this.move(state)) return Promise.resolve(this.current);
    this.settling = show().then(
      () => state,
      (error: unknown) => {
        this.log.warn({ err: error }, 'final reply failed');
        return state;
      },
    );
    return this.settling;
  }

  private move(to: JobState): boolean {
    if (!NEXT[this.current].includes(to)) return false;
    this.current = to;
    this.record({ state: to });
    if (to === 'running') this.meter?.started();
    else if (to !== 'queued') this.meter?.ended(to);
    return true;
  }

  private record(patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): void {
    this.journaling = this.journaling
      .then(() => this.journal.update(this.id, patch))
      .catch((error) => this.log.warn({ err: error }, 'journal write failed'));
  }

  private failure(error: unknown): Extract<JobEvent, { type: 'failed' }> {
    const locale = this.plan.locale;
    if (isScanlineError(error)) {
      this.log.info({ code: error.code }, 'job refused');
      this.failureCode ??= error.code;
      return { type: 'failed', userMessage: error.userMessage(locale), code: error.code };
    }
    const { sentence } = reportInternal(this.log, error, { in: 'job' }, locale);
    this.failureCode ??= 'internal';
    return { type: 'failed', userMessage: sentence, code: 'internal' };
  }
}
