// Server errors on purpose: chosen kinds of request answer 5xx for a while, or the next N times,
// as Discord does during an incident (discord.js retries a 5xx three times at once, then throws).

/** What a request does: edits a message, posts one, carries files, or deletes one. */
export type RequestKind = 'edit' | 'send' | 'upload' | 'delete';

interface Rule {
  kind: RequestKind;
  status: number;
  /** Epoch ms the rule stops at (a time window). */
  until?: number;
  /** Requests it still fails (a count). */
  left?: number;
}

export class ServerErrors {
  private rules: Rule[] = [];
  /** Requests answered with a 5xx by a rule. */
  failed = 0;

  /** Every request of `kind` answers `status` for the next `ms`. */
  during(kind: RequestKind, ms: number, status = 500): void {
    this.rules.push({ kind, status, until: Date.now() + ms });
  }

  /** The next `count` requests of `kind` answer `status`. */
  next(kind: RequestKind, count: number, status = 500): void {
    this.rules.push({ kind, status, left: count });
  }

  clear(): void {
    this.rules = [];
  }

  /** The status to fail this request with, if a rule takes it (a counted rule spends one). */
  take(kinds: ReadonlySet<RequestKind>, now = Date.now()): number | undefined {
    this.rules = this.rules.filter((r) => (r.until === undefined || now < r.until) && r.left !== 0);
    const rule = this.rules.find((r) => kinds.has(r.kind));
    if (!rule) return undefined;
    if (rule.left !== undefined) rule.left -= 1;
    this.failed += 1;
    return rule.status;
  }
}
