import type { JobEvent, ReplySink, SinkBudget } from '../../src/pipeline/types.js';

/** A ReplySink that remembers every call, for tests of the pipeline and the adapters' shared logic. */
export class RecordingSink implements ReplySink {
  readonly budget: SinkBudget;
  readonly calls: { method: 'open' | 'update' | 'finish' | 'fail'; event: JobEvent; at: number }[] = [];
  private resolveEnd!: (event: JobEvent) => void;
  /** Settles with the final event (done, failed or cancelled). */
  readonly ended: Promise<JobEvent>;

  constructor(budget: Partial<SinkBudget> = {}) {
    this.budget = { minIntervalMs: 0, maxFileBytes: 8 * 1024 * 1024, previewMime: 'image/jpeg', ...budget };
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
  }

  async open(event: Extract<JobEvent, { type: 'queued' | 'started' }>): Promise<void> {
    this.record('open', event);
  }

  async update(event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>): Promise<void> {
    this.record('update', event);
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>): Promise<void> {
    this.record('finish', event);
    this.resolveEnd(event);
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>): Promise<void> {
    this.record('fail', event);
    this.resolveEnd(event);
  }

  events(type?: JobEvent['type']): JobEvent[] {
    return this.calls.map((c) => c.event).filter((e) => !type || e.type === type);
  }

  private record(method: 'open' | 'update' | 'finish' | 'fail', event: JobEvent): void {
    this.calls.push({ method, event, at: performance.now() });
  }
}
