// Settings and usage in one SQLite file under the data folder (better-sqlite3, WAL). The schema
// version is SQLite's user_version; each migration runs once, in its own transaction, and a file
// written by a newer Scanline is refused rather than guessed at.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { ScanlineError } from '../../common/errors.js';
import { readStoredSettings, validSettings } from './settings-schema.js';
import type { ServerKey, ServerSettings, SettingsStore, UsageEvent, UsageReport } from './server-settings.js';
import { serverKey } from './server-settings.js';
import type { Requester } from '../types.js';
import { dayOf, firstKeptDay, summariseUsage, type UsageRow } from './usage-summary.js';

/** Migration n (1-based) brings the file from version n-1 to n. Append only; never edit a shipped one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE server_settings (
     platform TEXT NOT NULL,
     server_id TEXT NOT NULL,
     settings TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     updated_by TEXT NOT NULL,
     PRIMARY KEY (platform, server_id)
   ) WITHOUT ROWID;
   CREATE TABLE usage_daily (
     platform TEXT NOT NULL,
     server_id TEXT NOT NULL,
     day TEXT NOT NULL,
     task TEXT NOT NULL,
     user_id TEXT NOT NULL,
     outcome TEXT NOT NULL,
     reason TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (platform, server_id, day, task, user_id, outcome, reason)
   ) WITHOUT ROWID;
   CREATE INDEX usage_daily_by_day ON usage_daily (day);`,
];

export class SqliteSettingsStore implements SettingsStore {
  readonly where: string;
  private readonly db: Database.Database;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly statements: {
    get: Database.Statement<[string, string], { settings: string }>;
    put: Database.Statement<[string, string, string, number, string]>;
    record: Database.Statement<[string, string, string, string, string, string, string]>;
    usage: Database.Statement<[string, string, string], UsageRow>;
    prune: Database.Statement<[string]>;
  };

  /** Opens (creating it and its folder when missing) and migrates. Throws ScanlineError settings_db_* or an fs error. */
  static open(path: string, opts: { log: Logger; now?: () => number }): SqliteSettingsStore {
    mkdirSync(dirname(path), { recursive: true });
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code?.startsWith?.('SQLITE_')) {
        throw new ScanlineError('settings_db_unusable', { path, detail: (error as Error).message }, { cause: error });
      }
      throw error;
    }
    try {
      migrate(db, path);
      return new SqliteSettingsStore(db, path, opts);
    } catch (error) {
      db.close();
      if (error instanceof ScanlineError) throw error;
      throw new ScanlineError('settings_db_unusable', { path, detail: (error as Error).message }, { cause: error });
    }
  }

  private constructor(db: Database.Database, path: string, opts: { log: Logger; now?: () => number }) {
    this.db = db;
    this.where = path;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
    this.statements = {
      get: db.prepare('SELECT settings FROM server_settings WHERE platform = ? AND server_id = ?'),
      put: db.prepare(
        `INSERT INTO server_settings (platform, server_id, settings, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, server_id) DO UPDATE SET settings = excluded.settings,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ),
      record: db.prepare(
        `INSERT INTO usage_daily (platform, server_id, day, task, user_id, outcome, reason, count) VALUES (?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT DO UPDATE SET count = count + 1`,
      ),
      usage: db.prepare(
        `SELECT day, task, user_id AS userId, outcome, reason, count FROM usage_daily
         WHERE platform = ? AND server_id = ? AND day >= ?`,
      ),
      prune: db.prepare('DELETE FROM usage_daily WHERE day < ?'),
    };
  }

  async forRequester(from: Requester): Promise<ServerSettings> {
    return this.get(serverKey(from));
  }

  async get(server: ServerKey): Promise<ServerSettings> {
    const row = this.statements.get.get(server.platform, server.serverId);
    const { settings, problem } = readStoredSettings(row?.settings);
    if (problem) this.log.warn({ ...server, problem }, 'stored server settings are unreadable; using the defaults');
    return settings;
  }

  async put(server: ServerKey, settings: ServerSettings, by: string): Promise<void> {
    const valid = validSettings(settings);
    this.statements.put.run(server.platform, server.serverId, JSON.stringify(valid), this.now(), by);
  }

  record(event: UsageEvent): void {
    try {
      this.statements.record.run(
        event.platform,
        event.serverId,
        dayOf(event.at),
        event.task,
        event.userId,
        event.outcome,
        event.reason ?? '',
      );
    } catch (error) {
      // Usage is a report, not a gate: a full disk must not stop anyone's job.
      this.log.warn({ err: error }, 'could not record usage');
    }
  }

  async usage(server: ServerKey, now = this.now()): Promise<UsageReport> {
    const rows = this.statements.usage.all(server.platform, server.serverId, firstKeptDay(now));
    return summariseUsage(rows, now);
  }

  async prune(now = this.now()): Promise<void> {
    const { changes } = this.statements.prune.run(firstKeptDay(now));
    if (changes > 0) this.log.info({ rows: changes }, 'old usage pruned');
  }

  async flush(): Promise<void> {
    // Every write is synchronous.
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database, path: string): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_MIGRATIONS.length) {
    throw new ScanlineError('settings_db_newer', { path, version, known: SQLITE_MIGRATIONS.length });
  }
  SQLITE_MIGRATIONS.slice(version).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + i + 1}`);
    })();
  });
}
