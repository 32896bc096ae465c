// Per-route buckets that answer with Discord's documented rate-limit headers,
// plus a switchable storm of 429s with Retry-After.

export interface Bucket {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  headers: Record<string, string>;
  /** Seconds to wait when the request is refused with 429. */
  retryAfterS?: number;
  /** Refused by the storm rather than the bucket. */
  storm?: boolean;
}

export class RateLimits {
  private readonly buckets = new Map<string, { used: number; resetAt: number }>();
  private storm: { left: number; retryAfterS: number } | undefined;
  bucket: Bucket;

  constructor(bucket: Bucket) {
    this.bucket = bucket;
  }

  /** The next `count` rate-limited requests are refused with 429 and `Retry-After: retryAfterS`. */
  startStorm(count: number, retryAfterS: number): void {
    this.storm = { left: count, retryAfterS };
  }

  get stormLeft(): number {
    return this.storm?.left ?? 0;
  }

  take(key: string, now = Date.now()): RateDecision {
    let state = this.buckets.get(key);
    if (!state || now >= state.resetAt) {
      state = { used: 0, resetAt: now + this.bucket.windowMs };
      this.buckets.set(key, state);
    }
    const resetAfterS = Math.max(0, state.resetAt - now) / 1000;
    const headers = (remaining: number): Record<string, string> => ({
      'x-ratelimit-limit': String(this.bucket.limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(state.resetAt / 1000),
      'x-ratelimit-reset-after': resetAfterS.toFixed(3),
      'x-ratelimit-bucket': Buffer.from(key).toString('base64url').slice(0, 16),
    });
    if (this.storm && this.storm.left > 0) {
      this.storm.left -= 1;
      const retryAfterS = this.storm.retryAfterS;
      return {
        headers: { ...headers(0), 'retry-after': String(retryAfterS), 'x-ratelimit-scope': 'user' },
        retryAfterS,
        storm: true,
      };
    }
    if (state.used >= this.bucket.limit) {
      return {
        headers: { ...headers(0), 'retry-after': resetAfterS.toFixed(3), 'x-ratelimit-scope': 'user' },
        retryAfterS: resetAfterS,
      };
    }
    state.used += 1;
    return { headers: headers(this.bucket.limit - state.used) };
  }
}
