import type { JobEvent, JobView, ReplyLocation, ReplySink, SinkBudget } from '../../src/pipeline/types.js';

/** A ReplySink that remembers every call, for tests of the pipeline and the adapters' shared logic. */
export class RecordingSink implements ReplySink {
  readonly budget: SinkBudget;
  readonly calls: { method: 'open' | 'update' | 'finish' | 'fail'; event: JobEvent; view: JobView; at: number }[] = [];
  private resolveEnd!: (event: JobEvent) => void;
  /** Settles with the final event (done, failed or cancelled). */
  readonly ended: Promise<JobEvent>;

  /** Where `open` says the reply was posted (the pipeline journals it). */
  private readonly location: ReplyLocation | undefined;

  constructor(budget: Partial<SinkBudget> = {}, opts: { location?: ReplyLocation } = {}) {
    this.budget = { minIntervalMs: 0, maxFileBytes: 8 * 1024 * 1024, previewMime: 'image/jpeg', ...budget };
    this.location = opts.location;
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
  }

  async open(event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<ReplyLocation | void> {
    this.record('open', event, view);
    return this.location;
  }

  async update(event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void> {
    this.record('update', event, view);
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void> {
    this.record('finish', event, view);
    this.resolveEnd(event);
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void> {
    this.record('fail', event, view);
    this.resolveEnd(event);
  }

  events(type?: JobEvent['type']): JobEvent[] {
    return this.calls.map((c) => c.event).filter((e) => !type || e.type === type);
  }

  /** The newest view the sink was given. */
  get lastView(): JobView | undefined {
    return this.calls.at(-1)?.view;
  }

  private record(method: 'open' | 'update' | 'finish' | 'fail', event: JobEvent, view: JobView): void {
    this.calls.push({ method, event, view, at: performance.now() });
  }
}
