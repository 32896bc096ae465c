import type { RawImage } from '../engine/types.js';
import { encodePreview } from './image-io/index.js';
import { ProgressThrottle, type Clock } from './scheduler/progress-throttle.js';
import type { JobViewModel } from './job-view.js';
import type { JobEvent, ReplySink } from './types.js';

/** A not-yet-encoded progress step: previews are encoded only when they are actually delivered. */
export type PendingUpdate =
  | { type: 'queued'; position: number }
  | { type: 'started' }
  | { type: 'progress'; fraction: number; image?: RawImage; text?: string };

/**
 * Shows one job on one ReplySink: the reply opens at once, updates go
 * through a throttle at the sink's budget (newest wins, never a backlog),
 * and the final result is posted only after the in-flight update settled,
 * so no stale frame lands after it.
 */
export class ReplyPresenter {
  private readonly sink: ReplySink;
  private readonly view: JobViewModel;
  private readonly throttle: ProgressThrottle<PendingUpdate>;
  private opening: Promise<void> | undefined;
  private waitingImage: RawImage | undefined;
  /** Deliveries in order, for sinks that want every frame. */
  private everyFrame: Promise<void> = Promise.resolve();
  private readonly onError: (error: unknown) => void;
  private closed = false;

  constructor(sink: ReplySink, view: JobViewModel, opts: { clock?: Clock; onError: (error: unknown) => void }) {
    this.sink = sink;
    this.view = view;
    this.onError = opts.onError;
    this.throttle = new ProgressThrottle<PendingUpdate>((u) => this.deliver(u), {
      minIntervalMs: sink.budget.minIntervalMs,
      clock: opts.clock,
      onError: opts.onError,
    });
  }

  /** Opens the reply (first call) or queues an update of it. */
  show(update: PendingUpdate): void {
    if (this.closed) return;
    if (!this.opening && update.type !== 'progress') {
      this.opening = this.sink.open(update, this.view.apply(update));
      return;
    }
    if (!this.opening) {
      const started = { type: 'started' } as const;
      this.opening = this.sink.open(started, this.view.apply(started));
    }
    if (this.sink.budget.everyFrame) {
      this.everyFrame = this.everyFrame.then(() => this.deliver(update)).catch(this.onError);
      return;
    }
    // Newest wins, but a frame still waiting is not lost to a later text-only step.
    if (update.type === 'progress' && update.image) this.waitingImage = update.image;
    else if (update.type === 'progress' && this.waitingImage) update = { ...update, image: this.waitingImage };
    this.throttle.push(update);
  }

  /** Slows updates down, e.g. after the platform answered 429. */
  slowDown(minIntervalMs: number): void {
    this.throttle.setMinInterval(minIntervalMs);
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>): Promise<void> {
    await this.end();
    await this.sink.finish(event, this.view.apply(event));
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>): Promise<void> {
    await this.end();
    await this.sink.fail(event, this.view.apply(event));
  }

  get framesDelivered(): number {
    return this.throttle.delivered;
  }

  private async end(): Promise<void> {
    this.closed = true;
    await this.throttle.close();
    await this.everyFrame;
    // The open may have failed (reply could not be posted); the final post still gets its chance.
    await this.opening?.catch(() => undefined);
  }

  private async deliver(update: PendingUpdate): Promise<void> {
    await this.opening;
    if (update.type !== 'progress') {
      await this.sink.update(update, this.view.apply(update));
      return;
    }
    if (update.image === this.waitingImage) this.waitingImage = undefined;
    const preview = update.image
      ? await encodePreview(update.image, { mime: this.sink.budget.previewMime })
      : undefined;
    const event: Extract<JobEvent, { type: 'progress' }> = {
      type: 'progress',
      fraction: update.fraction,
      ...(preview ? { preview } : {}),
      ...(update.text !== undefined ? { text: update.text } : {}),
    };
    await this.sink.update(event, this.view.apply(event));
  }
}
