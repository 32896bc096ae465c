import { appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobState, Plan, Platform, ReplyLocation, Request, Requester, RequestParams, Task } from './types.js';
import { WriteBehind } from './write-behind.js';

/** An input image as it can be stored: the adapter rebuilds the fetch (with its auth) from the url. */
export interface StoredImage {
  url: string;
  name?: string;
  size?: number;
  contentType?: string;
}

/** What is kept of an accepted job, so buttons work and interrupted jobs are told after a restart. */
export interface JobRecord {
  id: string;
  state: JobState;
  from: Requester;
  text: string;
  task?: Task;
  params: RequestParams;
  images: StoredImage[];
  replyTo?: { messageId: string; images: StoredImage[] };
  plan: Plan;
  /** Where the job's reply lives, as its sink last said (read only by that platform's adapter). */
  reply?: ReplyLocation;
  createdAt: number;
  updatedAt: number;
}

export interface JobJournal {
  put(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void>;
  /** Jobs that were queued or running when the process last stopped (of one platform, when given). */
  unfinished(platform?: Platform): Promise<JobRecord[]>;
  /** Shared journals: how often to look again for the jobs of processes that have gone since. */
  readonly orphanSweepMs?: number;
  /** Every record the journal keeps, oldest first. */
  recent(): Promise<JobRecord[]>;
}

export function storedImages(request: Request): Pick<JobRecord, 'images' | 'replyTo'> {
  const store = (refs: Request['images']): StoredImage[] =>
    refs.map(({ url, name, size, contentType }) => ({
      url,
      ...(name !== undefined ? { name } : {}),
      ...(size !== undefined ? { size } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
    }));
  return {
    images: store(request.images),
    ...(request.replyTo
      ? { replyTo: { messageId: request.replyTo.messageId, images: store(request.replyTo.images) } }
      : {}),
  };
}

/** The records of a jobs.jsonl text, oldest first: one per line; a line cut short by a crash is skipped. */
export function parseJournalLines(text: string): JobRecord[] {
  const records: JobRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as JobRecord;
      if (typeof record.id === 'string') records.push(withTypedReply(record));
    } catch {
      // A line cut short by a crash: the records before it still count.
    }
  }
  return records;
}

/** Journals written before replies were typed kept `reply` without its platform: it is the requester's. */
export function withTypedReply(record: JobRecord): JobRecord {
  const reply = record.reply as Partial<ReplyLocation> | undefined;
  if (!reply || reply.platform) return record;
  return { ...record, reply: { ...reply, platform: record.from.platform } as ReplyLocation };
}

/** What every durable journal keeps: this many records at most, each until it has been unchanged this long. */
export const JOURNAL_DEFAULTS = { limit: 5000, horizonMs: 30 * 24 * 60 * 60 * 1000 } as const;

const UNFINISHED: ReadonlySet<JobState> = new Set(['queued', 'running']);

/** Keeps records in memory (tests, the CLI). Oldest records are forgotten past `limit`. */
export class MemoryJobJournal implements JobJournal {
  protected readonly records = new Map<string, JobRecord>();
  private readonly limit: number;

  constructor(limit: number = JOURNAL_DEFAULTS.limit) {
    this.limit = limit;
  }

  async put(record: JobRecord): Promise<void> {
    this.records.delete(record.id);
    this.records.set(record.id, record);
    while (this.records.size > this.limit) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  async get(id: string): Promise<JobRecord | undefined> {
    return this.records.get(id);
  }

  async update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void> {
    const record = this.records.get(id);
    if (record) this.records.set(id, { ...record, ...patch, updatedAt: Date.now() });
  }

  async unfinished(platform?: Platform): Promise<JobRecord[]> {
    return [...this.records.values()].filter(
      (r) => UNFINISHED.has(r.state) && (platform === undefined || r.from.platform === platform),
    );
  }

  async recent(): Promise<JobRecord[]> {
    return [...this.records.values()];
  }
}

/** Where the file journal reports its write outages; a pino logger fits. */
export interface JournalLog {
  info(data: object, msg: string): void;
  warn(data: object, msg: string): void;
  error(data: object, msg: string): void;
}

export interface FileJournalOptions {
  /** Records kept (in memory and after compaction); the oldest are forgotten past it. */
  limit?: number;
  /** A record unchanged this long is dropped when the journal is opened (compacted). */
  horizonMs?: number;
  log?: JournalLog;
  /** While records wait to be written, how often to try again without a new change. */
  retryMs?: number;
}

/** The journal's path exists but is a folder, device or pipe: reading it could block or make no sense. */
export class JournalNotAFileError extends Error {
  readonly path: string;

  constructor(path: string) {
    super(`${path} is not a regular file`);
    this.name = 'JournalNotAFileError';
    this.path = path;
  }
}

/**
 * mkdir -p without Node's recursive mode, which spins forever where mkdir says ENOENT under a
 * folder that exists (/proc): here the second ENOENT is thrown.
 */
async function makeFolder(dir: string): Promise<void> {
  const make = async () => {
    try {
      await mkdir(dir);
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      if (!exists || !(await stat(dir)).isDirectory()) throw error;
    }
  };
  try {
    await make();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) throw error;
    await makeFolder(dirname(dir));
    await make();
  }
}

const quiet: JournalLog = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A journal on disk: one JSON line per change, appended; compacted to the
 * newest record per job when opened. Survives restarts of the bot.
 *
 * A failed write (disk full, file replaced) never disables it: the record stays
 * in memory, marked unwritten, and the next write (or a retry timer) appends the
 * newest record of every unwritten job. One warning per outage, one line when it ends.
 */
export class FileJobJournal extends MemoryJobJournal {
  private readonly path: string;
  private readonly log: JournalLog;
  private readonly pending: WriteBehind;
  /** A failed append may have left half a line behind: the next one starts a fresh line. */
  private lineOpen = false;

  private constructor(path: string, opts: FileJournalOptions) {
    super(opts.limit ?? JOURNAL_DEFAULTS.limit);
    this.path = path;
    this.log = opts.log ?? quiet;
    this.pending = new WriteBehind({
      write: (batch) => this.append(batch.map(({ id }) => id)),
      log: this.log,
      retryMs: opts.retryMs ?? 10_000,
      where: { path },
      failedMessage:
        'job journal write failed; these jobs are kept in memory and written when the file takes writes again',
      recoveredMessage: 'job journal writes again; the jobs kept in memory meanwhile are written',
    });
  }

  /** Throws the fs error (or JournalNotAFileError) when the folder or file cannot be used. */
  static async open(path: string, opts: FileJournalOptions = {}): Promise<FileJobJournal> {
    const journal = new FileJobJournal(path, opts);
    await makeFolder(dirname(path));
    let text = '';
    try {
      // A device in its place (e.g. /dev/full) would be read forever.
      if (!(await stat(path)).isFile()) throw new JournalNotAFileError(path);
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const since = Date.now() - (opts.horizonMs ?? JOURNAL_DEFAULTS.horizonMs);
    for (const record of parseJournalLines(text)) {
      // Lines without a time (written by hand, or by an old version) are kept.
      if (!(record.updatedAt < since)) await MemoryJobJournal.prototype.put.call(journal, record);
    }
    const compacted = [...journal.records.values()].map((r) => JSON.stringify(r)).join('\n');
    const tmp = `${path}.tmp`;
    try {
      await writeFile(tmp, compacted ? `${compacted}\n` : '');
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw error;
    }
    return journal;
  }

  override async put(record: JobRecord): Promise<void> {
    await super.put(record);
    await this.changed(record.id);
  }

  override async update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void> {
    await super.update(id, patch);
    if (this.records.has(id)) await this.changed(id);
  }

  /** Ids of jobs whose newest record is only in memory (a write failed). */
  get unwrittenIds(): string[] {
    return this.pending.ids;
  }

  /** Writes what is unwritten; true when everything is on disk. Never rejects. */
  flush(): Promise<boolean> {
    return this.pending.flush();
  }

  /** Last try at shutdown; what still cannot be written is logged with its ids. */
  async close(): Promise<void> {
    if (await this.pending.close()) return;
    this.log.error(
      { path: this.path, jobs: this.unwrittenIds },
      'job journal: these jobs were never written; their buttons will not work after a restart',
    );
  }

  private async changed(id: string): Promise<void> {
    this.pending.mark(id);
    await this.flush();
  }

  /** Appends the newest record of each job; returns the ids forgotten meanwhile (past the limit). */
  private async append(ids: string[]): Promise<string[]> {
    const forgotten = ids.filter((id) => !this.records.has(id));
    const lines = ids.filter((id) => this.records.has(id)).map((id) => `${JSON.stringify(this.records.get(id))}\n`);
    if (lines.length === 0) return forgotten;
    try {
      await appendFile(this.path, (this.lineOpen ? '\n' : '') + lines.join(''));
    } catch (error) {
      this.lineOpen = true;
      throw error;
    }
    this.lineOpen = false;
    return forgotten;
  }
}
