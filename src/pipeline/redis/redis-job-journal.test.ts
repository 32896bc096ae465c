// The shared journal against a real redis-server: the file journal's contract, replicas that
// share it, orphans taken over once, and a Redis that goes away and comes back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journalContract, journalRecord } from '../../../test/helpers/journal-contract.js';
import { redisSkipReason, TestRedis } from '../../../test/helpers/redis-server.js';
import type { JobJournal, JournalLog } from '../job-journal.js';
import { openRedis } from './redis-connection.js';
import { RedisJobJournal, type RedisJournalOptions } from './redis-job-journal.js';

const JOURNAL_PROCESS = fileURLToPath(new URL('../../../test/helpers/journal-process.ts', import.meta.url));
const skip = redisSkipReason();
if (skip) console.warn(skip);

let server: TestRedis;
const clients: Redis[] = [];
const journals: RedisJobJournal[] = [];

async function client(): Promise<Redis> {
  const redis = openRedis(server.url, { name: 'scanline-test', log: pino({ level: 'silent' }) });
  clients.push(redis);
  await redis.connect();
  return redis;
}

async function journal(opts: RedisJournalOptions = {}): Promise<RedisJobJournal> {
  const opened = await RedisJobJournal.open(await client(), opts);
  journals.push(opened);
  return opened;
}

function recordingLog(): JournalLog & { lines: { level: string; data: object; msg: string }[] } {
  const lines: { level: string; data: object; msg: string }[] = [];
  const at = (level: string) => (data: object, msg: string) => void lines.push({ level, data, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ids = async (j: JobJournal) => (await j.recent()).map((r) => `${r.id}:${r.state}`);

describe.skipIf(skip !== undefined)('RedisJobJournal', () => {
  beforeAll(async () => {
    server = await TestRedis.start();
  });
  beforeEach(async () => {
    for (const j of journals.splice(0)) await j.close();
    await (await client()).flushdb();
  });
  afterAll(async () => {
    for (const j of journals.splice(0)) await j.close();
    for (const c of clients.splice(0)) c.disconnect();
    await server?.stop();
  });

  journalContract('RedisJobJournal', async () => ({
    open: (opts) => journal(opts ?? {}),
    // The process stopped: its heartbeat is gone, its unfinished jobs are orphans.
    stop: (j) => (j as RedisJobJournal).close(),
  }));

  it('two replicas share records; neither takes over the other’s live jobs', async () => {
    const a = await journal();
    const b = await journal();
    await a.put(journalRecord('j1'));
    expect((await b.get('j1'))?.state).toBe('queued');
    await a.update('j1', { state: 'running' });
    expect((await b.get('j1'))?.state).toBe('running');
    // B finishes a record it did not write (a button pressed on B for A's job).
    await b.update('j1', { state: 'done' });
    expect((await a.get('j1'))?.state).toBe('done');
    await a.put(journalRecord('j2'));
    expect(await b.unfinished()).toEqual([]);
    expect(await ids(b)).toEqual(['j1:done', 'j2:queued']);
  });

  it('a process on this machine killed with SIGKILL: its jobs are taken over at once (its pid is gone), each by one replica', async () => {
    // A real process, killed after journaling: no close, its heartbeat left behind unexpired.
    const doomed = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        JOURNAL_PROCESS,
        server.url,
        '600000',
        'k1:discord:queued',
        'k2:discord:running',
        'k3:discord:queued',
        'k4:slack:queued',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      doomed.stdout.on('data', (d: Buffer) => d.toString().includes('journaled') && resolve());
      void exited.then((code) => reject(new Error(`the journaling process exited (${String(code)})`)));
    });
    doomed.kill('SIGKILL');
    await exited;
    const b = await journal();
    const c = await journal();
    const [byB, byC] = await Promise.all([b.unfinished('discord'), c.unfinished('discord')]);
    expect([...byB, ...byC].map((r) => r.id).sort()).toEqual(['k1', 'k2', 'k3']);
    // Each platform's chat core takes over its own platform's jobs.
    expect((await c.unfinished('slack')).map((r) => r.id)).toEqual(['k4']);
    expect(await b.unfinished()).toEqual([]);
    expect(await c.unfinished()).toEqual([]);
  });

  it('a process on another machine: its jobs wait while its heartbeat lives, then exactly one replica takes over each', async () => {
    const remote = await journal({ instance: 'bot-on-another-host', heartbeatMs: 600_000 });
    for (const id of ['h1', 'h2', 'h3']) await remote.put(journalRecord(id));
    // As that machine's heartbeat looks, about to expire and never refreshed (the machine lost power).
    await (await client()).set('scanline:{journal}:bot:bot-on-another-host', 'another-host 4242', 'PX', 1500);
    const b = await journal();
    const c = await journal();
    expect(await b.unfinished()).toEqual([]);
    const taken: string[] = [];
    await until(async () => {
      const [byB, byC] = await Promise.all([b.unfinished(), c.unfinished()]);
      taken.push(...[...byB, ...byC].map((r) => r.id));
      return taken.length >= 3;
    }, 'the orphans to be taken over');
    expect(taken.sort()).toEqual(['h1', 'h2', 'h3']);
  });

  it('while Redis is down: records are kept in memory and answered from there, one warning; all written when it is back', async () => {
    const log = recordingLog();
    const j = await journal({ log, retryMs: 50, timeoutMs: 500 });
    await j.put(journalRecord('before'));
    // Every write on disk before the kill (the test server syncs the append-only file once a second).
    await (await client()).config('SET', 'appendfsync', 'always');
    await server.kill();

    await j.put(journalRecord('during1'));
    await j.update('before', { state: 'done' });
    await j.put(journalRecord('during2'));
    await j.update('during2', { state: 'running' });
    expect((await j.get('during2'))?.state).toBe('running');
    expect((await j.get('before'))?.state).toBe('done');
    expect(j.unwrittenIds.sort()).toEqual(['before', 'during1', 'during2']);
    expect(j.health()).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/unreachable.*3 job\(s\) kept in memory/),
    });
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(log.lines[0]?.data).toMatchObject({ jobs: ['during1'] });

    await server.resume();
    await until(() => j.unwrittenIds.length === 0, 'the kept records to be written');
    expect(j.health().ok).toBe(true);
    expect(log.lines.map((l) => l.level)).toEqual(['warn', 'info']);
    const other = await journal();
    expect((await ids(other)).sort()).toEqual(['before:done', 'during1:queued', 'during2:running']);
  });

  it('close() logs the ids it could never write', async () => {
    const log = recordingLog();
    const j = await journal({ log, retryMs: 60_000, timeoutMs: 500 });
    await server.kill();
    await j.put(journalRecord('lost'));
    journals.splice(journals.indexOf(j), 1);
    await j.close();
    expect(log.lines.at(-1)).toMatchObject({ level: 'error', data: { jobs: ['lost'] } });
    await server.resume();
  });

  it('a Redis restart loses nothing written (append-only file) and the journal reconnects by itself', async () => {
    const j = await journal({ retryMs: 50 });
    const replica = await journal();
    await j.put(journalRecord('r1'));
    await j.update('r1', { state: 'done' });
    await server.restart();
    // A replica that never wrote r1 reads it at once: the read waits for the reconnect.
    expect((await replica.get('r1'))?.state).toBe('done');
    await j.put(journalRecord('r2'));
    await until(() => j.unwrittenIds.length === 0, 'r2 written after the restart');
    expect(await ids(await journal())).toEqual(['r1:done', 'r2:queued']);
  });
});
