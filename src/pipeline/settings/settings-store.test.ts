// One contract for both settings stores: the SQLite file under the data folder and Redis (a real
// redis-server), plus what only each one has (schema versions, WAL, a file that is not a database).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { openRedis } from '../redis/redis-connection.js';
import { redisSkipReason, TestRedis } from '../../../test/helpers/redis-server.js';
import { RedisSettingsStore, REDIS_SETTINGS_SCHEMA } from './redis-settings-store.js';
import { defaultServerSettings, type ServerKey, type SettingsStore, type UsageEvent } from './server-settings.js';
import { SettingsInvalidError } from './settings-schema.js';
import { SQLITE_MIGRATIONS, SqliteSettingsStore } from './sqlite-settings-store.js';

const log = pino({ level: 'silent' });
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-02T12:00:00Z');
const guild: ServerKey = { platform: 'discord', serverId: '1001' };
const other: ServerKey = { platform: 'discord', serverId: '2002' };
const team: ServerKey = { platform: 'slack', serverId: '1001' };

const event = (patch: Partial<UsageEvent>): UsageEvent => ({
  ...guild,
  userId: 'alice',
  task: 'generate',
  at: NOW,
  outcome: 'done',
  ...patch,
});

interface Backend {
  /** A store over the same data as every other store this backend opened. */
  open(): Promise<SettingsStore>;
  cleanup(): Promise<void>;
}

function contract(name: string, backend: () => Backend, skip?: string): void {
  describe.skipIf(skip !== undefined)(`the ${name} settings store`, () => {
    let b: Backend;
    let store: SettingsStore;
    beforeAll(async () => {
      b = backend();
      store = await b.open();
    });
    afterAll(async () => {
      await store?.close();
      await b?.cleanup();
    });

    it('answers the defaults for a server nobody configured', async () => {
      expect(await store.get({ platform: 'discord', serverId: 'never-seen' })).toEqual(defaultServerSettings());
      expect(await store.forRequester({ platform: 'slack', userId: 'U1', channelId: 'D1', isDM: true })).toEqual(
        defaultServerSettings(),
      );
    });

    it('keeps each server apart (the same id on two platforms too) and survives reopening', async () => {
      const settings = {
        ...defaultServerSettings(),
        channels: ['123456', '123456', '654321'],
        perUserCap: 2,
        language: 'zh' as const,
        disabledTasks: ['ocr' as const, 'generate' as const],
        safety: { withholdAt: 0.8, spoilerAt: 0.4, spoilerBorderline: false, adultWithoutFlag: true },
      };
      await store.put(guild, settings, 'admin');
      const normalised = { ...settings, channels: ['123456', '654321'], disabledTasks: ['generate', 'ocr'] };
      expect(await store.get(guild)).toEqual(normalised);
      expect(await store.get(other)).toEqual(defaultServerSettings());
      expect(await store.get(team)).toEqual(defaultServerSettings());
      expect(
        await store.forRequester({ platform: 'discord', userId: 'u', channelId: 'c', guildId: '1001', isDM: false }),
      ).toEqual(normalised);
      const again = await b.open();
      try {
        expect(await again.get(guild)).toEqual(normalised);
      } finally {
        await again.close();
      }
    });

    it.each([
      ['a cap of 0', { perUserCap: 0 }, 'perUserCap'],
      ['a fractional cap', { perUserCap: 1.5 }, 'perUserCap'],
      [
        'a threshold over 1',
        { safety: { withholdAt: 1.5, spoilerAt: 0.6, spoilerBorderline: true, adultWithoutFlag: false } },
        'safety.withholdAt',
      ],
      ['an unknown task', { disabledTasks: ['teleport'] }, 'disabledTasks.0'],
      ['an unknown language', { language: 'fr' }, 'language'],
      ['a channel that is not an id', { channels: ['#general'] }, 'channels.0'],
    ])('refuses %s and keeps what was stored', async (_what, patch, path) => {
      const before = await store.get(other);
      const bad = { ...defaultServerSettings(), ...patch } as never;
      const error = await store.put(other, bad, 'admin').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SettingsInvalidError);
      expect((error as SettingsInvalidError).problems.join()).toContain(path);
      expect(await store.get(other)).toEqual(before);
    });

    it('counts jobs by task, user and day, and refusals by reason, for that server only', async () => {
      const server: ServerKey = { platform: 'discord', serverId: 'usage-1' };
      const events: Partial<UsageEvent>[] = [
        { task: 'generate' },
        { task: 'generate' },
        { task: 'generate', outcome: 'failed', reason: 'internal' },
        { task: 'ocr', userId: 'bob', at: NOW - 2 * DAY },
        { task: 'ocr', userId: 'bob', at: NOW - 2 * DAY, outcome: 'cancelled' },
        { task: 'edit', userId: 'bob', outcome: 'refused', reason: 'task_disabled' },
        { task: 'edit', userId: 'carol', outcome: 'refused', reason: 'task_disabled' },
        { task: 'generate', userId: 'carol', outcome: 'refused', reason: 'busy_user' },
      ];
      for (const e of events) store.record(event({ ...server, ...e }));
      store.record(event({ platform: 'discord', serverId: 'usage-2' }));
      await store.flush();
      const report = await store.usage(server, NOW);
      expect(report).toMatchObject({ from: '2026-11-03', to: '2026-12-02', jobs: 5, refused: 3 });
      expect(report.byTask).toEqual([
        { task: 'generate', done: 2, failed: 1, cancelled: 0, refused: 1 },
        { task: 'ocr', done: 1, failed: 0, cancelled: 1, refused: 0 },
        { task: 'edit', done: 0, failed: 0, cancelled: 0, refused: 2 },
      ]);
      expect(report.topUsers).toEqual([
        { userId: 'alice', jobs: 3, refused: 0 },
        { userId: 'bob', jobs: 2, refused: 1 },
        { userId: 'carol', jobs: 0, refused: 2 },
      ]);
      expect(report.byDay).toEqual([
        { day: '2026-11-30', jobs: 2, refused: 0 },
        { day: '2026-12-02', jobs: 3, refused: 3 },
      ]);
      expect(report.refusals).toEqual([
        { reason: 'task_disabled', count: 2 },
        { reason: 'busy_user', count: 1 },
      ]);
      expect((await store.usage({ platform: 'discord', serverId: 'usage-2' }, NOW)).jobs).toBe(1);
    });

    it('keeps 30 days: older usage is not shown, and pruning deletes it', async () => {
      const server: ServerKey = { platform: 'slack', serverId: 'T-prune' };
      store.record(event({ ...server, at: NOW - 29 * DAY }));
      store.record(event({ ...server, at: NOW - 30 * DAY }));
      store.record(event({ ...server, at: NOW - 45 * DAY, userId: 'old' }));
      await store.flush();
      expect((await store.usage(server, NOW)).byDay).toEqual([{ day: '2026-11-03', jobs: 1, refused: 0 }]);
      // Seen from 40 days ago, the old events are still there before the prune...
      expect((await store.usage(server, NOW - 40 * DAY)).jobs).toBe(1);
      await store.prune(NOW);
      // ...and gone after it, while the last 30 days stay.
      expect((await store.usage(server, NOW - 40 * DAY)).jobs).toBe(0);
      expect((await store.usage(server, NOW - 15 * DAY)).byDay).toEqual([{ day: '2026-11-03', jobs: 1, refused: 0 }]);
      expect((await store.usage(server, NOW)).jobs).toBe(1);
    });
  });
}

contract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scanline-settings-'));
  return {
    open: async () => SqliteSettingsStore.open(join(dir, 'scanline.db'), { log, now: () => NOW }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const redisSkip = redisSkipReason();
if (redisSkip) console.warn(redisSkip);
let redis: TestRedis | undefined;
beforeAll(async () => {
  if (!redisSkip) redis = await TestRedis.start();
});
afterAll(async () => {
  await redis?.stop();
});

contract(
  'Redis',
  () => {
    const clients: ReturnType<typeof openRedis>[] = [];
    return {
      open: async () => {
        const client = openRedis((redis as TestRedis).url, { name: 'scanline-test', log });
        clients.push(client);
        return RedisSettingsStore.open(client, { where: 'test redis', log, now: () => NOW });
      },
      cleanup: async () => {
        for (const c of clients) c.disconnect();
      },
    };
  },
  redisSkip,
);

describe('the SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scanline-settings-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created with its folder, in WAL mode, at the newest schema version', async () => {
    const path = join(dir, 'nested', 'scanline.db');
    const store = SqliteSettingsStore.open(path, { log });
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer Scanline with one line naming the file and both versions', () => {
    const path = join(dir, 'newer.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    let error: unknown;
    try {
      SqliteSettingsStore.open(path, { log });
    } catch (e) {
      error = e;
    }
    expect(isScanlineError(error) && error.code).toBe('settings_db_newer');
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(path);
    expect(message).toContain(`schema ${SQLITE_MIGRATIONS.length + 1}`);
    expect(message).toContain(`up to ${SQLITE_MIGRATIONS.length}`);
  });

  it('says so when the file is not a database', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'this is a text file, not SQLite'.repeat(100));
    let error: unknown;
    try {
      SqliteSettingsStore.open(path, { log });
    } catch (e) {
      error = e;
    }
    expect(isScanlineError(error) && error.code).toBe('settings_db_unusable');
    expect((error as Error).message).toContain(path);
  });

  it('answers the defaults (and keeps serving) when a stored row is unreadable', async () => {
    const path = join(dir, 'bad-row.db');
    const store = SqliteSettingsStore.open(path, { log });
    const db = new Database(path);
    db.prepare('INSERT INTO server_settings VALUES (?, ?, ?, ?, ?)').run('discord', '7', '{"perUserCap":-3}', 0, 'x');
    db.close();
    expect(await store.get({ platform: 'discord', serverId: '7' })).toEqual(defaultServerSettings());
    await store.close();
  });
});

describe.skipIf(redisSkip !== undefined)('the Redis layout', () => {
  it('refuses a Redis written by a newer Scanline', async () => {
    const client = openRedis((redis as TestRedis).url, { name: 'scanline-test', log });
    try {
      await client.set('newer:settings:schema', String(REDIS_SETTINGS_SCHEMA + 1));
      const error = await RedisSettingsStore.open(client, { where: 'redis://127.0.0.1', log, prefix: 'newer:' }).catch(
        (e: unknown) => e,
      );
      expect(isScanlineError(error) && error.code).toBe('settings_db_newer');
    } finally {
      client.disconnect();
    }
  });
});
