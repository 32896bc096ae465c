// Server errors on purpose, for every fake: chosen kinds of request answer 5xx for a while, or the next N times,
// as a platform does during an incident (discord.js retries a 5xx three times at once, then throws; Bolt's
// WebClient retries on its own schedule). A kind is the fake's own word: a Discord request kind, a Slack method.

interface Rule<K extends string> {
  kind: K;
  status: number;
  /** Epoch ms the rule stops at (a time window). */
  until?: number;
  /** Requests it still fails (a count). */
  left?: number;
}

export class ServerErrors<K extends string> {
  private rules: Rule<K>[] = [];
  /** The kind of each request answered with a 5xx by a rule, in order. */
  readonly failed: K[] = [];

  /** Every request of `kind` answers `status` for the next `ms`. */
  during(kind: K, ms: number, status = 500): void {
    this.rules.push({ kind, status, until: Date.now() + ms });
  }

  /** The next `count` requests of `kind` answer `status`. */
  next(kind: K, count: number, status = 500): void {
    this.rules.push({ kind, status, left: count });
  }

  clear(): void {
    this.rules = [];
  }

  /** The status to fail this request with, if a rule takes one of its kinds (a counted rule spends one). */
  take(kinds: ReadonlySet<K>, now = Date.now()): number | undefined {
    this.rules = this.rules.filter((r) => (r.until === undefined || now < r.until) && r.left !== 0);
    const rule = this.rules.find((r) => kinds.has(r.kind));
    if (!rule) return undefined;
    if (rule.left !== undefined) rule.left -= 1;
    this.failed.push(rule.kind);
    return rule.status;
  }
}
