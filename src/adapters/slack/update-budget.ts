// Slack limits chat.update per workspace (Tier 3, about 50 a minute), not per message:
// every job of a team draws from one bucket, and a 429 pauses the whole team.

export interface UpdateBudgetOptions {
  /** Tokens added per minute (Slack Tier 3: 50). */
  perMinute: number;
  /** Largest burst. */
  burst: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  pausedUntil: number;
}

export const SLACK_TIER3_PER_MINUTE = 50;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('aborted', 'AbortError');
}

/** A token bucket per team; preview frames wait for a token, final results take one without waiting. */
export class TeamUpdateBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(opts: UpdateBudgetOptions) {
    if (!(opts.perMinute > 0) || !(opts.burst >= 1)) throw new RangeError('perMinute must be > 0 and burst >= 1');
    this.perMs = opts.perMinute / 60_000;
    this.burst = opts.burst;
    this.now = opts.now ?? (() => performance.now());
  }

  private bucket(team: string): Bucket {
    const now = this.now();
    let b = this.buckets.get(team);
    if (!b) {
      b = { tokens: this.burst, at: now, pausedUntil: 0 };
      this.buckets.set(team, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    return b;
  }

  /** Milliseconds until a token is free for this team (0 when one is free now). */
  waitMs(team: string): number {
    const b = this.bucket(team);
    const pause = Math.max(0, b.pausedUntil - this.now());
    const refill = b.tokens >= 1 ? 0 : (1 - b.tokens) / this.perMs;
    return Math.max(pause, refill);
  }

  /** Waits for a token and takes it; rejects with the signal's reason when aborted. */
  async acquire(team: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      const wait = this.waitMs(team);
      if (wait <= 0) {
        this.bucket(team).tokens -= 1;
        return;
      }
      await sleep(wait, signal);
    }
  }

  /** Takes a token now even when none is left (the debt slows later frames): for final results. */
  takeUrgent(team: string): void {
    this.bucket(team).tokens -= 1;
  }

  /** Slack answered 429 with Retry-After: nobody of this team updates before it passes. */
  pause(team: string, ms: number): void {
    const b = this.bucket(team);
    b.pausedUntil = Math.max(b.pausedUntil, this.now() + ms);
  }
}

/** setTimeout as a promise that an AbortSignal can cut short (rejecting with its reason). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
