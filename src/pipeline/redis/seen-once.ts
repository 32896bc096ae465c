// "Has any replica seen this before?" for deliveries that may arrive at several bot processes
// (Slack's retries of one event behind a load balancer): SET NX with a TTL in Redis, and this
// process's own memory while Redis does not answer, so an outage can cost a duplicate reply but
// never a dropped one.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boundedCommand } from './bounded-command.js';

export interface SeenOnce {
  /** True for the first offer of `key` within `ttlMs` (across every process that shares it), false for repeats. */
  first(key: string, ttlMs: number): Promise<boolean>;
}

/** One process's memory of keys, bounded: the oldest are forgotten past `max`. */
export class MemorySeenOnce implements SeenOnce {
  private readonly until = new Map<string, number>();
  private readonly max: number;

  constructor(max = 10_000) {
    this.max = max;
  }

  async first(key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return this.firstNow(key, ttlMs, now);
  }

  firstNow(key: string, ttlMs: number, now = Date.now()): boolean {
    const expires = this.until.get(key);
    if (expires !== undefined && expires > now) return false;
    this.until.delete(key);
    this.until.set(key, now + ttlMs);
    for (const [k, u] of this.until) {
      if (this.until.size <= this.max && u > now) break;
      this.until.delete(k);
    }
    return true;
  }
}

const PREFIX = 'scanline:once:';

export class RedisSeenOnce implements SeenOnce {
  private readonly redis: Redis;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly fallback = new MemorySeenOnce();
  private down = false;

  constructor(redis: Redis, log: Logger, opts: { timeoutMs?: number } = {}) {
    this.redis = redis;
    this.log = log;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
  }

  async first(key: string, ttlMs: number): Promise<boolean> {
    // Also remembered here: the answer during an outage still knows what this process saw.
    const locally = this.fallback.firstNow(key, ttlMs);
    try {
      const claimed = await boundedCommand(this.redis, this.timeoutMs, () =>
        this.redis.set(`${PREFIX}${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX'),
      );
      if (this.down) {
        this.down = false;
        this.log.info('repeat detection is shared through Redis again');
      }
      return claimed === 'OK';
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.log.warn(
          { err: (error as Error).message },
          'Redis does not answer: repeats are detected by this process alone until it does',
        );
      }
      return locally;
    }
  }
}
