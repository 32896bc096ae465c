// Small facts every bot process should know, whichever one learned them (who started a Slack thread
// the bot answered, so a follow-up reaching another replica is answered too): Redis keys with a TTL,
// first writer wins. Reads that Redis does not answer in time find nothing (the caller's own memory
// still does).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { boundedCommand } from './bounded-command.js';

export interface SharedNotes {
  /** Notes `value` under `key` for `ttlMs` unless a note is already there. Never rejects. */
  note(key: string, value: string, ttlMs: number): Promise<void>;
  /** The note under `key`, or undefined (none, or Redis did not answer). Never rejects. */
  read(key: string): Promise<string | undefined>;
}

const PREFIX = 'scanline:note:';

export class RedisSharedNotes implements SharedNotes {
  private readonly redis: Redis;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private down = false;

  constructor(redis: Redis, log: Logger, opts: { timeoutMs?: number } = {}) {
    this.redis = redis;
    this.log = log;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
  }

  async note(key: string, value: string, ttlMs: number): Promise<void> {
    await this.attempt(() => this.redis.set(`${PREFIX}${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX'));
  }

  async read(key: string): Promise<string | undefined> {
    return (await this.attempt(() => this.redis.get(`${PREFIX}${key}`))) ?? undefined;
  }

  private async attempt<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await boundedCommand(this.redis, this.timeoutMs, run);
      if (this.down) {
        this.down = false;
        this.log.info('shared notes reach Redis again');
      }
      return value;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.log.warn(
          { err: (error as Error).message },
          'Redis does not answer: shared notes are this process’s own until it does',
        );
      }
      return undefined;
    }
  }
}
