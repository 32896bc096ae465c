// The job journal's cost per job, on disk and in Redis: what one job writes (put, running, reply
// posted, done) and what a button press reads (get), plus Slack's repeat check (SET NX). One
// process, a local redis-server with the append-only file on, as production should run it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { FileJobJournal, type JobJournal } from '../src/pipeline/job-journal.js';
import { openRedis } from '../src/pipeline/redis/redis-connection.js';
import { RedisJobJournal } from '../src/pipeline/redis/redis-job-journal.js';
import { RedisSeenOnce } from '../src/pipeline/redis/seen-once.js';
import { journalRecord } from '../test/helpers/journal-contract.js';
import { redisSkipReason, TestRedis } from '../test/helpers/redis-server.js';

const JOBS = Number(process.env['JOURNAL_JOBS'] ?? 2000);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const f2 = (n: number) => n.toFixed(2);

interface Figures {
  jobMs: { p50: number; p99: number };
  getMs: { p50: number; p99: number };
  jobsPerSec: number;
}

async function measure(journal: JobJournal, prefix: string): Promise<Figures> {
  const perJob: number[] = [];
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const id = `${prefix}-${i}`;
    const t0 = performance.now();
    await journal.put(journalRecord(id));
    await journal.update(id, { state: 'running' });
    await journal.update(id, { reply: { platform: 'discord', channelId: 'c1', messageId: `m${i}` } });
    await journal.update(id, { state: 'done' });
    perJob.push(performance.now() - t0);
  }
  const jobsPerSec = JOBS / ((performance.now() - started) / 1000);
  const gets: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const t0 = performance.now();
    await journal.get(`${prefix}-${(i * 7919) % JOBS}`);
    gets.push(performance.now() - t0);
  }
  perJob.sort((a, b) => a - b);
  gets.sort((a, b) => a - b);
  return {
    jobMs: { p50: quantile(perJob, 0.5), p99: quantile(perJob, 0.99) },
    getMs: { p50: quantile(gets, 0.5), p99: quantile(gets, 0.99) },
    jobsPerSec,
  };
}

export async function journalBench(): Promise<void> {
  console.log(`\n## journal (${JOBS} jobs: put + running + reply + done, then ${JOBS} button lookups)\n`);
  const skip = redisSkipReason();
  if (skip) {
    console.log(skip);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'scanline-journal-bench-'));
  const redis = await TestRedis.start();
  const client = openRedis(redis.url, { name: 'scanline-bench', log: pino({ level: 'silent' }) });
  try {
    const file = await FileJobJournal.open(join(dir, 'jobs.jsonl'));
    const onDisk = await measure(file, 'f');
    await file.close();
    await client.connect();
    const shared = await RedisJobJournal.open(client);
    const inRedis = await measure(shared, 'r');
    await shared.close();
    const seen = new RedisSeenOnce(client, pino({ level: 'silent' }));
    const claims: number[] = [];
    for (let i = 0; i < JOBS; i++) {
      const t0 = performance.now();
      await seen.first(`bench:${i}`, 60_000);
      claims.push(performance.now() - t0);
    }
    claims.sort((a, b) => a - b);

    console.log("| journal | one job's writes p50 / p99 ms | jobs journaled per s | button lookup p50 / p99 ms |");
    console.log('|---|---:|---:|---:|');
    for (const [name, r] of [
      ['file (jobs.jsonl)', onDisk],
      ['Redis (shared)', inRedis],
    ] as const) {
      console.log(
        `| ${name} | ${f2(r.jobMs.p50)} / ${f2(r.jobMs.p99)} | ${Math.round(r.jobsPerSec)} | ${f2(r.getMs.p50)} / ${f2(r.getMs.p99)} |`,
      );
    }
    console.log(
      `\nSlack repeat check (SET NX) p50 / p99: ${f2(quantile(claims, 0.5))} / ${f2(quantile(claims, 0.99))} ms`,
    );
    console.log(
      `journal: Redis ${Math.round(inRedis.jobsPerSec)} jobs/s = ${f2(inRedis.jobsPerSec / onDisk.jobsPerSec)}x file; button lookup p99 ${f2(inRedis.getMs.p99)} ms (file ${f2(onDisk.getMs.p99)} ms)`,
    );
  } finally {
    client.disconnect();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
