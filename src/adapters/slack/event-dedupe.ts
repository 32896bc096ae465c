// Slack retries an event it thinks we missed (x-slack-retry-num / retry_attempt): answer it once.

export class EventDedupe {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly max: number;

  constructor(ttlMs = 60 * 60 * 1000, max = 10_000) {
    this.ttlMs = ttlMs;
    this.max = max;
  }

  /** True the first time an id is offered (within the TTL), false for repeats. */
  first(id: string, now = Date.now()): boolean {
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(id);
    this.seen.set(id, now + this.ttlMs);
    for (const [key, until] of this.seen) {
      if (this.seen.size <= this.max && until > now) break;
      this.seen.delete(key);
    }
    return true;
  }
}
