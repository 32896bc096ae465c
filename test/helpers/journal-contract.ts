// What every durable job journal promises (FileJobJournal, RedisJobJournal): one suite, run
// against each, so the Redis journal keeps the file journal's semantics.
import { describe, expect, it } from 'vitest';
import type { JobJournal, JobRecord } from '../../src/pipeline/job-journal.js';

export const journalRecord = (id: string, state: JobRecord['state'] = 'queued', at = Date.now()): JobRecord => ({
  id,
  state,
  from: { platform: 'discord', userId: 'u1', channelId: 'c1', isDM: false },
  text: 'a fox --seed 3',
  params: { seed: 3 },
  images: [{ url: 'https://cdn.discordapp.com/a.png', name: 'a.png' }],
  plan: { task: 'generate', prompt: 'a fox', steps: [], params: { seed: 3 }, locale: 'en', hints: [] },
  reply: { platform: 'discord', channelId: 'c1', messageId: 'm1' },
  createdAt: at,
  updatedAt: at,
});

export interface JournalStore {
  /** A journal over this store, as a newly started process opens it. */
  open(opts?: { limit?: number; horizonMs?: number }): Promise<JobJournal>;
  /** The process that opened `journal` stops without finishing its jobs (no interruptAll). */
  stop(journal: JobJournal): Promise<void>;
}

/** `fresh()` gives an empty store for each case. */
export function journalContract(name: string, fresh: () => Promise<JournalStore>): void {
  describe(`${name}: the journal contract`, () => {
    it('survives a restart: the newest state of each job, unfinished ones listed, oldest first', async () => {
      const store = await fresh();
      const first = await store.open();
      await first.put(journalRecord('a'));
      await first.put(journalRecord('b'));
      await first.update('a', { state: 'running' });
      await first.update('a', { reply: { platform: 'discord', channelId: 'c1', messageId: 'm2' } });
      await first.update('b', { state: 'done' });
      await store.stop(first);

      const reopened = await store.open();
      expect((await reopened.get('a'))?.state).toBe('running');
      expect((await reopened.get('a'))?.reply).toEqual({ platform: 'discord', channelId: 'c1', messageId: 'm2' });
      expect((await reopened.get('b'))?.state).toBe('done');
      expect(await reopened.get('nobody')).toBeUndefined();
      expect((await reopened.unfinished()).map((r) => r.id)).toEqual(['a']);
      expect((await reopened.recent()).map((r) => r.id)).toEqual(['a', 'b']);
      await store.stop(reopened);
    });

    it('keeps the order of puts: an update leaves a job in place, a second put moves it last; an unknown id is no change', async () => {
      const store = await fresh();
      const journal = await store.open();
      for (const id of ['1', '2', '3']) await journal.put(journalRecord(id));
      await journal.update('1', { state: 'done' });
      await journal.put({ ...journalRecord('2'), state: 'failed' });
      await journal.update('ghost', { state: 'done' });
      expect((await journal.recent()).map((r) => `${r.id}:${r.state}`)).toEqual(['1:done', '3:queued', '2:failed']);
      expect(await journal.get('ghost')).toBeUndefined();
      await store.stop(journal);
    });

    it('forgets the oldest records past its limit, also after a restart', async () => {
      const store = await fresh();
      const journal = await store.open({ limit: 2 });
      for (const id of ['1', '2', '3']) await journal.put(journalRecord(id));
      expect(await journal.get('1')).toBeUndefined();
      expect((await journal.recent()).map((r) => r.id)).toEqual(['2', '3']);
      await store.stop(journal);
      const reopened = await store.open({ limit: 2 });
      expect((await reopened.recent()).map((r) => r.id)).toEqual(['2', '3']);
      await store.stop(reopened);
    });

    it('drops a record unchanged for longer than its horizon; a changed one stays', async () => {
      const store = await fresh();
      const horizonMs = 60 * 60 * 1000;
      const journal = await store.open({ horizonMs });
      await journal.put(journalRecord('old', 'done', Date.now() - horizonMs - 60_000));
      await journal.put(journalRecord('new', 'done'));
      await store.stop(journal);
      const reopened = await store.open({ horizonMs });
      expect(await reopened.get('old')).toBeUndefined();
      expect((await reopened.recent()).map((r) => r.id)).toEqual(['new']);
      await store.stop(reopened);
    });
  });
}
