import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JobState, Plan, Request, Requester, RequestParams, Task } from './types.js';

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
  /** Where the adapter shows the job (opaque to the pipeline), e.g. `{ channelId, messageId }`. */
  reply?: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface JobJournal {
  put(record: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void>;
  /** Jobs that were queued or running when the process last stopped. */
  unfinished(): Promise<JobRecord[]>;
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

const UNFINISHED: ReadonlySet<JobState> = new Set(['queued', 'running']);

/** Keeps records in memory (tests, the CLI). Oldest records are forgotten past `limit`. */
export class MemoryJobJournal implements JobJournal {
  protected readonly records = new Map<string, JobRecord>();
  private readonly limit: number;

  constructor(limit = 5000) {
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

  async unfinished(): Promise<JobRecord[]> {
    return [...this.records.values()].filter((r) => UNFINISHED.has(r.state));
  }

  async recent(): Promise<JobRecord[]> {
    return [...this.records.values()];
  }
}

/**
 * A journal on disk: one JSON line per change, appended; compacted to the
 * newest record per job when opened. Survives restarts of the bot.
 */
export class FileJobJournal extends MemoryJobJournal {
  private readonly path: string;
  private writes: Promise<void> = Promise.resolve();

  private constructor(path: string, limit: number) {
    super(limit);
    this.path = path;
  }

  static async open(path: string, limit = 5000): Promise<FileJobJournal> {
    const journal = new FileJobJournal(path, limit);
    await mkdir(dirname(path), { recursive: true });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as JobRecord;
        if (typeof record.id === 'string') await MemoryJobJournal.prototype.put.call(journal, record);
      } catch {
        // A line cut short by a crash: the records before it still count.
      }
    }
    const compacted = [...journal.records.values()].map((r) => JSON.stringify(r)).join('\n');
    await writeFile(`${path}.tmp`, compacted ? `${compacted}\n` : '');
    await rename(`${path}.tmp`, path);
    return journal;
  }

  override async put(record: JobRecord): Promise<void> {
    await super.put(record);
    await this.append(record);
  }

  override async update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void> {
    await super.update(id, patch);
    const record = await this.get(id);
    if (record) await this.append(record);
  }

  private append(record: JobRecord): Promise<void> {
    this.writes = this.writes.then(() => appendFile(this.path, `${JSON.stringify(record)}\n`));
    return this.writes;
  }
}
