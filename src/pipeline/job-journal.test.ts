import { mkdtemp, readFile, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJobJournal, MemoryJobJournal, type JobRecord } from './job-journal.js';

const record = (id: string, state: JobRecord['state'] = 'queued'): JobRecord => ({
  id,
  state,
  from: { platform: 'discord', userId: 'u1', channelId: 'c1', isDM: false },
  text: 'a fox --seed 3',
  params: { seed: 3 },
  images: [{ url: 'https://cdn.discordapp.com/a.png', name: 'a.png' }],
  plan: { task: 'generate', prompt: 'a fox', steps: [], params: { seed: 3 }, locale: 'en', hints: [] },
  reply: { channelId: 'c1', messageId: 'm1' },
  createdAt: 1,
  updatedAt: 1,
});

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('FileJobJournal', () => {
  it('survives a reopen: the newest state of each job, unfinished ones listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-'));
    dirs.push(dir);
    const path = join(dir, 'jobs.jsonl');
    const first = await FileJobJournal.open(path);
    await first.put(record('a'));
    await first.put(record('b'));
    await first.update('a', { state: 'running' });
    await first.update('b', { state: 'done' });
    // A crash mid-write leaves half a line: the rest still loads.
    await appendFile(path, '{"id":"c","sta');

    const reopened = await FileJobJournal.open(path);
    expect((await reopened.get('a'))?.state).toBe('running');
    expect((await reopened.get('b'))?.state).toBe('done');
    expect((await reopened.unfinished()).map((r) => r.id)).toEqual(['a']);
    expect((await reopened.recent()).map((r) => r.id)).toEqual(['a', 'b']);
    // Compacted: one line per job.
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(2);
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
