// What the job journals (file and Redis) share about writes that may fail: a change marks its job
// unwritten, a write takes the newest record of every marked job, a failure keeps them marked (in
// memory) and retries on a timer, one warning per outage and one line when it ends, and what is still
// unwritten at close is the caller's to log. Where the records go is the journal's own.

/** The journals' logger (pino's shape, as they take it). */
export interface WriteBehindLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** One marked job as a write sees it: `tag` is what the journal keeps with the mark. */
export interface Marked<T> {
  id: string;
  tag: T;
}

export interface WriteBehindOptions<T> {
  /**
   * Writes the newest record of each marked job, all or nothing (throws when it could not). Returns
   * the ids it had nothing to write for (a job forgotten meanwhile), which are unmarked as well.
   */
  write(batch: Marked<T>[]): Promise<string[]>;
  log: WriteBehindLog;
  /** While jobs stay marked, how often a write is tried again without a new change (ms). */
  retryMs: number;
  /** The outage's log lines: where the journal writes (added to each line) and the two sentences. */
  where: Record<string, unknown>;
  failedMessage: string;
  recoveredMessage: string;
}

export class WriteBehind<T = void> {
  readonly #opts: WriteBehindOptions<T>;
  /** Marked jobs, with the change number that marked them last. */
  readonly #marked = new Map<string, { change: number; tag: T }>();
  #changes = 0;
  #writes: Promise<unknown> = Promise.resolve();
  #outage: { since: number; code: string } | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: WriteBehindOptions<T>) {
    this.#opts = opts;
  }

  /** Marks a job's newest record as not yet written (a later write takes it). */
  mark(id: string, tag: T): void {
    this.#marked.set(id, { change: ++this.#changes, tag });
  }

  has(id: string): boolean {
    return this.#marked.has(id);
  }

  /** The tag of a marked job. */
  tag(id: string): T | undefined {
    return this.#marked.get(id)?.tag;
  }

  /** Ids of jobs whose newest record is only in memory. */
  get ids(): string[] {
    return [...this.#marked.keys()];
  }

  /** Whether writes are failing now (since when, with which code). */
  get outage(): { since: number; code: string } | undefined {
    return this.#outage;
  }

  /** Writes what is marked, after any write on its way; true when nothing is left marked. Never rejects. */
  flush(): Promise<boolean> {
    const attempt = this.#writes.then(() => this.#writeMarked());
    this.#writes = attempt;
    return attempt;
  }

  /** No more retries; a last flush. True when everything was written. */
  close(): Promise<boolean> {
    this.#closed = true;
    clearTimeout(this.#retry);
    return this.flush();
  }

  async #writeMarked(): Promise<boolean> {
    if (this.#marked.size === 0) return true;
    const batch = [...this.#marked].map(([id, { change, tag }]) => ({ id, tag, change }));
    let forgotten: string[];
    try {
      forgotten = await this.#opts.write(batch.map(({ id, tag }) => ({ id, tag })));
    } catch (error) {
      this.#failed(error);
      return false;
    }
    for (const id of forgotten) this.#marked.delete(id);
    // A job changed again during the write keeps its mark: its newer record goes next time.
    for (const { id, change } of batch) if (this.#marked.get(id)?.change === change) this.#marked.delete(id);
    if (this.#outage) {
      this.#opts.log.info(
        { ...this.#opts.where, jobs: batch.map(({ id }) => id), outageMs: Date.now() - this.#outage.since },
        this.#opts.recoveredMessage,
      );
      this.#outage = undefined;
    }
    if (this.#marked.size === 0) {
      clearTimeout(this.#retry);
      this.#retry = undefined;
    }
    return this.#marked.size === 0;
  }

  #failed(error: unknown): void {
    const code = (error as { code?: string }).code ?? 'unknown';
    if (!this.#outage) {
      this.#outage = { since: Date.now(), code };
      this.#opts.log.warn(
        { ...this.#opts.where, code, err: (error as Error).message, jobs: this.ids },
        this.#opts.failedMessage,
      );
    }
    if (!this.#retry && !this.#closed) {
      // Unref'd: a retry never keeps the process alive.
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        void this.flush();
      }, this.#opts.retryMs).unref();
    }
  }
}
