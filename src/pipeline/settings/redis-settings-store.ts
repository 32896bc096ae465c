// Settings and usage in Redis (SCANLINE_REDIS_URL), for many bot processes sharing one view. Usage is
// one hash per server and UTC day (a field per task, user, outcome and reason, counted with HINCRBY),
// listed in a sorted set per server so pruning finds old days; each day key also expires on its own.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ScanlineError } from '../../common/errors.js';
import type { Requester } from '../types.js';
import { readStoredSettings, validSettings } from './settings-schema.js';
import {
  serverKey,
  USAGE_DAYS,
  type ServerKey,
  type ServerSettings,
  type SettingsStore,
  type UsageEvent,
  type UsageReport,
} from './server-settings.js';
import { dayOf, firstKeptDay, summariseUsage, type UsageRow } from './usage-summary.js';

/** The layout this code writes; a Redis holding a higher one was written by a newer Scanline. */
export const REDIS_SETTINGS_SCHEMA = 1;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A day's key outlives its last write by the kept days plus one: a backstop when prune() never runs. */
const KEY_TTL_S = ((USAGE_DAYS + 1) * DAY_MS) / 1000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

export class RedisSettingsStore implements SettingsStore {
  readonly where: string;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly pending = new Set<Promise<unknown>>();

  /** Checks (and on a fresh Redis, writes) the layout version. Throws ScanlineError settings_db_newer. */
  static async open(
    redis: Redis,
    opts: { where: string; log: Logger; now?: () => number; prefix?: string },
  ): Promise<RedisSettingsStore> {
    const prefix = opts.prefix ?? 'scanline:';
    const schemaKey = `${prefix}settings:schema`;
    await redis.setnx(schemaKey, String(REDIS_SETTINGS_SCHEMA));
    const version = Number(await redis.get(schemaKey));
    if (version > REDIS_SETTINGS_SCHEMA) {
      throw new ScanlineError('settings_db_newer', { path: opts.where, version, known: REDIS_SETTINGS_SCHEMA });
    }
    return new RedisSettingsStore(redis, prefix, opts);
  }

  private constructor(redis: Redis, prefix: string, opts: { where: string; log: Logger; now?: () => number }) {
    this.redis = redis;
    this.prefix = prefix;
    this.where = opts.where;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
  }

  private settingsKey(s: ServerKey): string {
    return `${this.prefix}settings:${s.platform}:${encodeURIComponent(s.serverId)}`;
  }

  private server(s: ServerKey): string {
    return `${s.platform}:${encodeURIComponent(s.serverId)}`;
  }

  private usageKey(server: string, day: string): string {
    return `${this.prefix}usage:${server}:${day}`;
  }

  private daysKey(server: string): string {
    return `${this.prefix}usage-days:${server}`;
  }

  private get serversKey(): string {
    return `${this.prefix}usage-servers`;
  }

  async forRequester(from: Requester): Promise<ServerSettings> {
    return this.get(serverKey(from));
  }

  async get(server: ServerKey): Promise<ServerSettings> {
    const { settings, problem } = readStoredSettings(await this.redis.get(this.settingsKey(server)));
    if (problem) this.log.warn({ ...server, problem }, 'stored server settings are unreadable; using the defaults');
    return settings;
  }

  async put(server: ServerKey, settings: ServerSettings, by: string): Promise<void> {
    const valid = validSettings(settings);
    await this.redis
      .multi()
      .set(this.settingsKey(server), JSON.stringify(valid))
      .hset(`${this.settingsKey(server)}:meta`, { updatedAt: String(this.now()), updatedBy: by })
      .exec();
  }

  record(event: UsageEvent): void {
    const server = this.server(event);
    const day = dayOf(event.at);
    const key = this.usageKey(server, day);
    const field = JSON.stringify([event.task, event.userId, event.outcome, event.reason ?? '']);
    const write = this.redis
      .multi()
      .hincrby(key, field, 1)
      .expire(key, KEY_TTL_S)
      .zadd(this.daysKey(server), dayNumber(day), day)
      .sadd(this.serversKey, server)
      .exec()
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not record usage'))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async usage(server: ServerKey, now = this.now()): Promise<UsageReport> {
    const id = this.server(server);
    const days = await this.redis.zrangebyscore(this.daysKey(id), dayNumber(firstKeptDay(now)), dayNumber(dayOf(now)));
    const rows: UsageRow[] = [];
    if (days.length > 0) {
      const read = this.redis.pipeline();
      for (const day of days) read.hgetall(this.usageKey(id, day));
      const results = (await read.exec()) ?? [];
      days.forEach((day, i) => {
        const [error, hash] = results[i] ?? [];
        if (error) throw error;
        for (const [field, count] of Object.entries((hash ?? {}) as Record<string, string>)) {
          const [task, userId, outcome, reason] = JSON.parse(field) as [string, string, UsageEvent['outcome'], string];
          rows.push({ day, task, userId, outcome, reason, count: Number(count) });
        }
      });
    }
    return summariseUsage(rows, now);
  }

  async prune(now = this.now()): Promise<void> {
    const before = dayNumber(firstKeptDay(now));
    let removed = 0;
    for (const server of await this.redis.smembers(this.serversKey)) {
      const old = await this.redis.zrangebyscore(this.daysKey(server), '-inf', `(${before}`);
      if (old.length === 0) continue;
      await this.redis
        .multi()
        .del(...old.map((day) => this.usageKey(server, day)))
        .zremrangebyscore(this.daysKey(server), '-inf', `(${before}`)
        .exec();
      removed += old.length;
    }
    if (removed > 0) this.log.info({ days: removed }, 'old usage pruned');
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
