/**
 * Keeps the bot's sends and edits in one channel under Discord's per-channel
 * rate (about 5 per 5 s), shared by every job in that channel, and backs off
 * when Discord says so (429 Retry-After, or X-RateLimit-Remaining 0). Waiting
 * here, not in discord.js's queue, lets the presenter replace stale frames.
 */
export class ChannelPacer {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(opts: { limit: number; windowMs: number }) {
    this.limit = Math.max(1, Math.floor(opts.limit));
    this.windowMs = Math.max(0, opts.windowMs);
  }

  /**
   * Resolves when one more send fits in the channel; callers are served in order. An aborted `signal`
   * resolves at once and gives the turn up, so it takes no send from the others.
   */
  wait(channelId: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    const previous = this.tails.get(channelId) ?? Promise.resolve();
    const turn = previous.then(() => this.take(channelId, signal));
    this.tails.set(channelId, turn);
    void turn.then(() => {
      if (this.tails.get(channelId) === turn) this.tails.delete(channelId);
    });
    if (!signal) return turn;
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void turn.then(done);
    });
  }

  /** Holds every send in the channel for `ms` (Discord asked us to wait). */
  backOff(channelId: string, ms: number): void {
    if (!(ms > 0)) return;
    const until = Date.now() + ms;
    if ((this.blockedUntil.get(channelId) ?? 0) < until) this.blockedUntil.set(channelId, until);
  }

  private async take(channelId: string, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const now = Date.now();
      const times = (this.sent.get(channelId) ?? []).filter((t) => now - t < this.windowMs);
      const blocked = (this.blockedUntil.get(channelId) ?? 0) - now;
      const full = times.length >= this.limit ? (times[0] ?? now) + this.windowMs - now : 0;
      const delay = Math.max(blocked, full);
      if (delay <= 0) {
        times.push(now);
        this.sent.set(channelId, times);
        return;
      }
      await sleep(delay, signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}
