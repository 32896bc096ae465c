import { appendFile, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FileJobJournal,
  JournalNotAFileError,
  MemoryJobJournal,
  type JobRecord,
  type JournalLog,
} from './job-journal.js';
import { journalContract, journalRecord } from '../../test/helpers/journal-contract.js';

const record = (id: string, state: JobRecord['state'] = 'queued'): JobRecord => journalRecord(id, state);

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

journalContract('FileJobJournal', async () => {
  const path = await tempJournalPath();
  return {
    open: (opts) => FileJobJournal.open(path, opts),
    // A crash: nothing runs at the end.
    stop: async () => undefined,
  };
});

describe('FileJobJournal', () => {
  it('compacts at open: one line per job; a line cut short by a crash is skipped', async () => {
    const path = await tempJournalPath();
    const first = await FileJobJournal.open(path);
    await first.put(record('a'));
    await first.update('a', { state: 'running' });
    await first.put(record('b'));
    await appendFile(path, '{"id":"c","sta');

    const reopened = await FileJobJournal.open(path);
    expect((await reopened.recent()).map((r) => `${r.id}:${r.state}`)).toEqual(['a:running', 'b:queued']);
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
  });
});

async function tempJournalPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return join(dir, 'jobs.jsonl');
}

function recordingLog(): JournalLog & { lines: { level: string; data: object; msg: string }[] } {
  const lines: { level: string; data: object; msg: string }[] = [];
  const at = (level: string) => (data: object, msg: string) => void lines.push({ level, data, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

const ids = async (path: string) =>
  (await FileJobJournal.open(path)).recent().then((records) => records.map((r) => `${r.id}:${r.state}`));

describe('FileJobJournal write failures', () => {
  // /dev/full takes no bytes (ENOSPC): a real full disk, without mounting anything.
  it.runIf(process.platform === 'linux')(
    'keeps writing after a full disk: jobs of the outage are written once space is back, logged once each way',
    async () => {
      const path = await tempJournalPath();
      const log = recordingLog();
      const journal = await FileJobJournal.open(path, { log });
      await journal.put(record('before'));

      await rename(path, `${path}.kept`);
      await symlink('/dev/full', path);
      await journal.put(record('during1'));
      await journal.update('before', { state: 'done' });
      await journal.put(record('during2'));
      await journal.update('during2', { state: 'running' });
      // Still answered from memory while the disk is full.
      expect((await journal.get('during2'))?.state).toBe('running');
      expect(journal.unwrittenIds.sort()).toEqual(['before', 'during1', 'during2']);
      expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      expect(log.lines[0]?.data).toMatchObject({ code: 'ENOSPC', jobs: ['during1'] });

      await rm(path);
      await rename(`${path}.kept`, path);
      await journal.put(record('after'));
      expect(journal.unwrittenIds).toEqual([]);
      expect(log.lines.map((l) => l.level)).toEqual(['warn', 'info']);
      expect((log.lines[1]?.data as { jobs: string[] }).jobs.sort()).toEqual(['after', 'before', 'during1', 'during2']);

      expect((await ids(path)).sort()).toEqual(['after:queued', 'before:done', 'during1:queued', 'during2:running']);
    },
  );

  it('a folder in place of the file (EISDIR): flush() writes once it is gone; a half line left behind is ended', async () => {
    const path = await tempJournalPath();
    const journal = await FileJobJournal.open(path, { retryMs: 60_000 });
    await journal.put(record('a'));
    await rm(path);
    await mkdir(path);
    await journal.put(record('b'));
    expect(await journal.flush()).toBe(false);
    expect(journal.unwrittenIds).toEqual(['b']);

    await rm(path, { recursive: true });
    // As if part of the failed write reached the disk.
    await writeFile(path, `${JSON.stringify(record('a'))}\n{"id":"b","st`);
    expect(await journal.flush()).toBe(true);
    expect(await ids(path)).toEqual(['a:queued', 'b:queued']);
  });

  it('retries on its own while records wait, and close() logs the ids it could never write', async () => {
    const path = await tempJournalPath();
    const log = recordingLog();
    const journal = await FileJobJournal.open(path, { log, retryMs: 20 });
    await rm(path);
    await mkdir(path);
    await journal.put(record('x'));
    await rm(path, { recursive: true });
    // No new change: the retry timer writes x.
    for (let i = 0; i < 500 && journal.unwrittenIds.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(journal.unwrittenIds).toEqual([]);
    expect(await ids(path)).toEqual(['x:queued']);

    await rm(path);
    await mkdir(path);
    await journal.put(record('y'));
    await journal.close();
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', data: { jobs: ['y'] } });
  });
});

describe('FileJobJournal.open', () => {
  it('refuses a folder or a device in place of the file, and a data folder that is a file', async () => {
    const path = await tempJournalPath();
    await mkdir(path);
    await expect(FileJobJournal.open(path)).rejects.toBeInstanceOf(JournalNotAFileError);
    await rm(path, { recursive: true });
    if (process.platform === 'linux') {
      await symlink('/dev/full', path);
      await expect(FileJobJournal.open(path)).rejects.toBeInstanceOf(JournalNotAFileError);
      await rm(path);
      await writeFile(path, `${JSON.stringify(record('a'))}\n`);
      // The compaction's temporary file cannot be written: a full disk at start.
      await symlink('/dev/full', `${path}.tmp`);
      await expect(FileJobJournal.open(path)).rejects.toMatchObject({ code: 'ENOSPC' });
    }
    await writeFile(`${path}.file`, '');
    await expect(FileJobJournal.open(join(`${path}.file`, 'jobs.jsonl'))).rejects.toMatchObject({
      code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/),
    });
  });
});

describe('MemoryJobJournal', () => {
  it('forgets the oldest records past its limit', async () => {
    const journal = new MemoryJobJournal(2);
    await journal.put(record('1'));
    await journal.put(record('2'));
    await journal.put(record('3'));
    expect(await journal.get('1')).toBeUndefined();
    expect((await journal.get('3'))?.id).toBe('3');
    expect((await journal.recent()).map((r) => r.id)).toEqual(['2', '3']);
  });
});
