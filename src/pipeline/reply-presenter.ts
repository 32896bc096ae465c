import type { RawImage } from '../engine/index.js';
import { encodePreview } from './image-io/index.js';
import type { FrameOutcome } from './metrics/scanline-metrics.js';
import { ProgressThrottle, realClock, type Clock } from './scheduler/progress-throttle.js';
import type { JobEvent, JobView, ReplyLocation, ReplySink } from './types.js';

/** A not-yet-encoded progress step: previews are encoded only when they are actually delivered. */
export type PendingUpdate =
  | { type: 'queued'; position: number }
  | { type: 'started' }
  | { type: 'progress'; fraction: number; image?: RawImage; text?: string };

/** How hard a final result (done, failed, cancelled) is pushed onto the platform. */
export interface FinalRetryPolicy {
  /** Wait after the first failed attempt; it doubles after each failure, with jitter. */
  baseMs: number;
  /** Longest wait between two attempts. */
  maxWaitMs: number;
  /** No attempt starts later than this after the first one. */
  giveUpAfterMs: number;
  /** Failing this long on the old reply posts a new one (sinks with `repost`). */
  repostAfterMs: number;
}

/** Platforms' 5xx bursts and outages last seconds to minutes: keep trying for ten. */
export const DEFAULT_FINAL_RETRY: FinalRetryPolicy = {
  baseMs: 1000,
  maxWaitMs: 30_000,
  giveUpAfterMs: 10 * 60_000,
  repostAfterMs: 60_000,
};

/** What it took to land a final that did not land at the first attempt. */
export interface FinalRetryReport {
  attempts: number;
  /** From the first attempt to the one that landed. */
  ms: number;
  /** The result went to a new reply (the old one was gone or kept failing). */
  reposted: boolean;
}

export interface ReplyPresenterOptions {
  /** The job's view after an event (the job owns its view; the presenter only delivers it). */
  render: (event: JobEvent) => JobView;
  /** Where the reply lives now, whenever the sink says it changed (posted, moved, a final file shared). */
  onLocation?: (location: ReplyLocation) => void;
  clock?: Clock;
  onError: (error: unknown) => void;
  finalRetry?: Partial<FinalRetryPolicy>;
  /** Told once per final that needed more than one attempt. */
  onFinalRetried?: (report: FinalRetryReport) => void;
  /** Aborted at shutdown: a final still failing gets one last attempt, then gives up. */
  signal?: AbortSignal;
  /** 0-1, for the jitter. */
  random?: () => number;
  /** Told what became of each preview frame (shown, or dropped and why), for the metrics. */
  onFrame?: (outcome: FrameOutcome) => void;
}

/**
 * Delivers one job's views to one ReplySink: the reply opens at once, updates go
 * through a throttle at the sink's budget and its pacing hook (newest wins, never a backlog),
 * and the final result is posted only after the in-flight update settled,
 * so no stale frame lands after it. A final that fails is retried with
 * exponential backoff and jitter for minutes, moved to a new reply when the
 * old one is gone or keeps failing, so a finished job never stays "queued".
 */
export class ReplyPresenter {
  private readonly sink: ReplySink;
  private readonly throttle: ProgressThrottle<void>;
  private opening: Promise<void> | undefined;
  /** The newest update not yet delivered: what a delivery shows once the sink's pacing lets it. */
  private latest: PendingUpdate | undefined;
  /** Aborted when the final is about to be shown: a delivery waiting for its pace gives up. */
  private readonly ending = new AbortController();
  /** Deliveries in order, for sinks that want every frame. */
  private everyFrame: Promise<void> = Promise.resolve();
  private readonly onError: (error: unknown) => void;
  private closed = false;
  private readonly opts: ReplyPresenterOptions;
  private readonly clock: Clock;
  private readonly retry: FinalRetryPolicy;

  constructor(sink: ReplySink, opts: ReplyPresenterOptions) {
    this.sink = sink;
    this.opts = opts;
    this.onError = opts.onError;
    this.clock = opts.clock ?? realClock;
    this.retry = { ...DEFAULT_FINAL_RETRY, ...opts.finalRetry };
    this.throttle = new ProgressThrottle<void>(() => this.deliverLatest(), {
      minIntervalMs: sink.budget.minIntervalMs,
      clock: opts.clock,
      onError: opts.onError,
    });
  }

  /** Opens the reply (first call) or queues an update of it. */
  show(update: PendingUpdate): void {
    if (this.closed) return;
    if (!this.opening && update.type !== 'progress') {
      this.opening = this.open(update);
      return;
    }
    this.opening ??= this.open({ type: 'started' });
    if (this.sink.budget.everyFrame) {
      this.everyFrame = this.everyFrame.then(() => this.deliver(update)).catch(this.onError);
      return;
    }
    // Newest wins, but a frame still waiting is not lost to a later text-only step.
    const waiting = this.latest?.type === 'progress' ? this.latest.image : undefined;
    const carried = update.type === 'progress' && !update.image && waiting !== undefined;
    if (waiting && !carried) this.opts.onFrame?.('superseded');
    this.latest = carried ? { ...update, image: waiting } : update;
    this.throttle.push();
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>): Promise<void> {
    await this.end();
    const view = this.opts.render(event);
    await this.land(() => this.sink.finish(event, view), false);
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>): Promise<void> {
    await this.end();
    const view = this.opts.render(event);
    await this.land(() => this.sink.fail(event, view), event.type === 'cancelled');
  }

  /** Shows nothing more (another process took the job over); resolves once the update in flight settled. */
  async stop(): Promise<void> {
    await this.end();
  }

  private async open(event: Extract<JobEvent, { type: 'queued' | 'started' }>): Promise<void> {
    this.located(await this.sink.open(event, this.opts.render(event)));
  }

  private located(location: ReplyLocation | void): void {
    if (location) this.opts.onLocation?.(location);
  }

  private async end(): Promise<void> {
    this.closed = true;
    if (this.latest?.type === 'progress' && this.latest.image) this.opts.onFrame?.('ended');
    this.latest = undefined;
    this.ending.abort();
    await this.throttle.close();
    await this.everyFrame;
    // The open may have failed (reply could not be posted); the final post still gets its chance.
    await this.opening?.catch(() => undefined);
  }

  /** Delivers a final until it lands, or throws the last error once the policy gives up. */
  private async land(deliver: () => Promise<ReplyLocation | void>, cancelled: boolean): Promise<void> {
    const started = this.clock.now();
    let attempts = 0;
    let reposted = false;
    let repostedAtOnce = false;
    for (;;) {
      if (this.sink.gone) {
        // Deleting the reply is how a user cancels: a cancelled job needs no new one.
        if (cancelled || !this.sink.repost) return;
        this.sink.repost();
        reposted = true;
      }
      attempts += 1;
      let failure: unknown;
      try {
        this.located(await deliver());
        if (!this.sink.gone) {
          if (attempts > 1 || reposted)
            this.opts.onFinalRetried?.({ attempts, ms: this.clock.now() - started, reposted });
          return;
        }
        failure = new Error('the reply was deleted before the final result landed');
      } catch (error) {
        failure = error;
      }
      if (this.sink.isPermanent?.(failure)) {
        throw new Error(`final result cannot be delivered (a permanent platform error) after ${attempts} attempts`, {
          cause: failure,
        });
      }
      // A reply found gone is replaced at once, once; everything else waits its turn.
      if (this.sink.gone && !repostedAtOnce && !cancelled && this.sink.repost) {
        repostedAtOnce = true;
        continue;
      }
      const elapsed = this.clock.now() - started;
      if (!reposted && this.sink.repost && elapsed >= this.retry.repostAfterMs) {
        this.sink.repost();
        reposted = true;
      }
      const wait = this.backoff(attempts);
      if (this.opts.signal?.aborted || elapsed + wait > this.retry.giveUpAfterMs) {
        throw new Error(`final result not delivered after ${attempts} attempts in ${Math.round(elapsed)} ms`, {
          cause: failure,
        });
      }
      await this.sleep(wait);
    }
  }

  /** Exponential with equal jitter: half fixed, half random, so many jobs' retries spread out. */
  private backoff(attempts: number): number {
    const full = Math.min(this.retry.maxWaitMs, this.retry.baseMs * 2 ** (attempts - 1));
    return full / 2 + (this.opts.random ?? Math.random)() * (full / 2);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.opts.signal;
    return new Promise((resolve) => {
      const wake = (): void => {
        this.clock.clearTimeout(handle);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const handle = this.clock.setTimeout(wake, ms);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** One throttled turn: wait for the platform's pace, then show the newest update (frames that came meanwhile win). */
  private async deliverLatest(): Promise<void> {
    await this.opening;
    // A turn whose step an earlier turn already showed takes no pace (a Slack token is a real request).
    if (!this.latest) return;
    if (this.sink.pace) await this.sink.pace(this.ending.signal);
    const update = this.latest;
    this.latest = undefined;
    if (update && !this.ending.signal.aborted) await this.deliver(update);
  }

  private async deliver(update: PendingUpdate): Promise<void> {
    await this.opening;
    if (update.type !== 'progress') {
      await this.sink.update(update, this.opts.render(update), this.ending.signal);
      return;
    }
    try {
      const preview = update.image
        ? await encodePreview(update.image, { mime: this.sink.budget.previewMime })
        : undefined;
      const event: Extract<JobEvent, { type: 'progress' }> = {
        type: 'progress',
        fraction: update.fraction,
        ...(preview ? { preview } : {}),
        ...(update.text !== undefined ? { text: update.text } : {}),
      };
      const notShown = await this.sink.update(event, this.opts.render(event), this.ending.signal);
      if (update.image) this.opts.onFrame?.(notShown ?? 'sent');
    } catch (error) {
      if (update.image) this.opts.onFrame?.('failed');
      throw error;
    }
  }
}
