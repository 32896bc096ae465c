// Feeds a slow, rate-limited sink (a chat message edit) the newest progress
// frame only: older frames are replaced while waiting, never queued up.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A waiting preview frame must not keep the process alive at shutdown.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ProgressThrottleOptions {
  /** Minimum time between the starts of two deliveries. */
  minIntervalMs: number;
  clock?: Clock;
  /** Receives what deliver threw or rejected with; later values are still delivered. */
  onError?: (error: unknown) => void;
}

/**
 * Delivers the newest pushed value, never more often than minIntervalMs
 * (start to start), never two at once. `close()` drops the pending value and
 * waits for the one in flight, so a final result posted after it lands last.
 */
export class ProgressThrottle<T> {
  readonly #deliver: (value: T) => Promise<void>;
  readonly #clock: Clock;
  readonly #onError: (error: unknown) => void;
  #minIntervalMs: number;
  #pending: { value: T; seq: number } | undefined;
  #inFlight: Promise<void> | undefined;
  #timer: unknown;
  #timerSet = false;
  #lastStart = Number.NEGATIVE_INFINITY;
  #pushSeq = 0;
  /** Seq of the newest value handed to deliver (or dropped by close). */
  #handledSeq = 0;
  #closed = false;
  #delivered = 0;
  #dropped = 0;

  constructor(deliver: (value: T) => Promise<void>, opts: ProgressThrottleOptions) {
    checkInterval(opts.minIntervalMs);
    this.#deliver = deliver;
    this.#clock = opts.clock ?? realClock;
    this.#onError = opts.onError ?? ((error) => process.emitWarning(`Progress delivery failed: ${String(error)}`));
    this.#minIntervalMs = opts.minIntervalMs;
  }

  /** Deliveries that completed without an error. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Values never handed to deliver: replaced by a newer one, dropped by close, or pushed after it. */
  get dropped(): number {
    return this.#dropped;
  }

  push(value: T): void {
    if (this.#closed) {
      this.#dropped++;
      return;
    }
    if (this.#pending) this.#dropped++;
    this.#pending = { value, seq: ++this.#pushSeq };
    this.#schedule();
  }

  /** Changes the interval from now on (e.g. raised after a 429), rescheduling a waiting value. */
  setMinInterval(ms: number): void {
    checkInterval(ms);
    this.#minIntervalMs = ms;
    this.#cancelTimer();
    this.#schedule();
  }

  /** Delivers the pending value now (after the one in flight), ignoring the interval; resolves when done. */
  async flush(): Promise<void> {
    const target = this.#pushSeq;
    while (this.#handledSeq < target) {
      if (this.#inFlight) {
        await this.#inFlight;
      } else if (this.#pending) {
        this.#cancelTimer();
        this.#start();
      } else {
        return;
      }
    }
    await this.#inFlight;
  }

  /** Drops the pending value, waits for the delivery in flight, and ignores later pushes. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelTimer();
    if (this.#pending) {
      this.#dropped++;
      this.#handledSeq = this.#pending.seq;
      this.#pending = undefined;
    }
    await this.#inFlight;
  }

  #schedule(): void {
    if (this.#closed || !this.#pending || this.#inFlight || this.#timerSet) return;
    const wait = this.#lastStart + this.#minIntervalMs - this.#clock.now();
    if (wait <= 0) {
      this.#start();
      return;
    }
    this.#timerSet = true;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timerSet = false;
      this.#timer = undefined;
      this.#schedule();
    }, wait);
  }

  #cancelTimer(): void {
    if (!this.#timerSet) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timerSet = false;
    this.#timer = undefined;
  }

  #start(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#handledSeq = pending.seq;
    this.#lastStart = this.#clock.now();
    let delivery: Promise<void>;
    try {
      delivery = Promise.resolve(this.#deliver(pending.value));
    } catch (error) {
      delivery = Promise.reject(error);
    }
    const inFlight = delivery.then(
      () => {
        this.#delivered++;
      },
      (error: unknown) => {
        this.#report(error);
      },
    );
    this.#inFlight = inFlight.then(() => {
      this.#inFlight = undefined;
      this.#schedule();
    });
  }

  #report(error: unknown): void {
    try {
      this.#onError(error);
    } catch {
      // An error handler that throws must not stop later deliveries.
    }
  }
}

function checkInterval(ms: number): void {
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`minIntervalMs must be a finite number >= 0, got ${ms}`);
}
