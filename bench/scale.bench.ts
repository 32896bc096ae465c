// `npm run bench scale`: the scale-out on the tiny Janus pack. Throughput of one vs two
// `scanline worker` processes behind the BullMQ scheduler, and the latency the queue adds
// (enqueue -> first progress) against the embedded scheduler on an engine in this process.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startEngine } from '../src/bots/runtime.js';
import { loadConfig } from '../src/common/config.js';
import { RedisScheduler } from '../src/pipeline/distributed/redis-scheduler.js';
import { route } from '../src/pipeline/router/index.js';
import { Scheduler, type JobScheduler } from '../src/pipeline/scheduler/scheduler.js';
import { tableHandlers } from '../src/pipeline/tasks/task-table.js';
import { LocalWork, type WorkRunner } from '../src/pipeline/work.js';
import { HEAVY_EDIT, heavyJpeg } from '../test/helpers/bot-process.js';
import { makeImageRef, makeRequest } from '../test/helpers/make-request.js';
import { redisSkipReason, TestRedis } from '../test/helpers/redis-server.js';
import { ScanlineProcess } from '../test/helpers/scanline-process.js';

const JOBS = Number(process.env['SCALE_JOBS'] ?? 16);
const LATENCY_RUNS = Number(process.env['SCALE_LATENCY_RUNS'] ?? 10);
const EDITS = Number(process.env['SCALE_EDITS'] ?? 8);
const USERS = 4;
const log = pino({ level: 'silent' });
const f2 = (n: number) => n.toFixed(2);

/** The median of the figures measured (a drawing that ended before its first preview has none). */
const median = (xs: number[]) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

interface Timing {
  startedMs: number;
  /** NaN when the drawing ended before its first preview (the tiny pack often does). */
  firstProgressMs: number;
  totalMs: number;
}

/** One drawing through a scheduler and a work runner, as the pipeline submits it; resolves with its timings. */
function draw(
  scheduler: JobScheduler,
  work: WorkRunner,
  id: string,
  userId: string,
  seed: number,
  ask: { text: string; files: { data: Uint8Array; name: string }[] } = {
    text: `a lighthouse at dusk --seed ${seed}`,
    files: [],
  },
): Promise<Timing> {
  const submitted = performance.now();
  let firstProgressMs = Number.NaN;
  let startedMs = Number.NaN;
  return new Promise((resolve, reject) => {
    scheduler.submit({
      id,
      userId,
      channelId: 'bench',
      onRefused: reject,
      onStarted: () => (startedMs = performance.now() - submitted),
      run: async (signal) => {
        try {
          await work.run(
            {
              plan: route(makeRequest({ text: ask.text, images: ask.files.length > 0 ? [makeImageRef()] : [] })),
              files: ask.files,
              maxPixels: 40_000_000,
              maxFileBytes: 10 * 1024 * 1024,
              platform: 'discord',
            },
            {
              jobId: id,
              signal,
              progress: () => {
                if (Number.isNaN(firstProgressMs)) firstProgressMs = performance.now() - submitted;
              },
            },
          );
          resolve({ startedMs, firstProgressMs, totalMs: performance.now() - submitted });
        } catch (error) {
          reject(error);
        }
      },
    });
  });
}

async function startWorkers(count: number, url: string, home: string): Promise<ScanlineProcess[]> {
  const env = {
    HOME: home,
    SCANLINE_REDIS_URL: url,
    SCANLINE_THREADS: '1',
    LOG_LEVEL: process.env['SCALE_LOG'] ?? 'warn',
  };
  return Promise.all(
    Array.from({ length: count }, () => ScanlineProcess.start(env, /Worker .* taking up to/, ['worker'])),
  );
}

/** JOBS drawings (or EDITS photo edits) from USERS users at once; wall time until the last is done. */
async function throughput(scheduler: RedisScheduler, tag: string, photo?: Uint8Array): Promise<number> {
  const started = performance.now();
  const ask = photo ? { text: HEAVY_EDIT, files: [{ data: photo, name: 'photo.jpg' }] } : undefined;
  await Promise.all(
    Array.from({ length: photo ? EDITS : JOBS }, (_, i) =>
      draw(scheduler, scheduler, `${tag}-${i}`, `user${i % USERS}`, i + 1, ask),
    ),
  );
  return performance.now() - started;
}

export async function scaleBench(): Promise<void> {
  console.log('\n## scale: BullMQ workers on the tiny Janus pack\n');
  const skip = redisSkipReason();
  if (skip) {
    console.log(skip);
    return;
  }
  const home = await mkdtemp(join(tmpdir(), 'scanline-scale-bench-'));
  const redis = await TestRedis.start();
  const caps = { perUser: 1000, perChannel: 1000, global: 1000 };
  const scheduler = await RedisScheduler.open({ url: redis.url, caps, log });
  const workers: ScanlineProcess[] = [];
  try {
    // Embedded: the same drawing on an engine in this process, one at a time.
    const config = loadConfig({ HOME: home, SCANLINE_THREADS: '1' });
    const engine = await startEngine(config, log);
    const embedded = new Scheduler({ concurrency: 1, caps });
    const local = new LocalWork(engine, tableHandlers());
    await draw(embedded, local, 'warm', 'u', 1);
    const embeddedRuns: Timing[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) embeddedRuns.push(await draw(embedded, local, `e${i}`, 'u', i + 1));
    await embedded.close();
    await engine.close();

    workers.push(...(await startWorkers(1, redis.url, home)));
    await draw(scheduler, scheduler, 'warm-1', 'u', 1);
    const redisRuns: Timing[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) redisRuns.push(await draw(scheduler, scheduler, `l${i}`, 'u', i + 1));
    const photo = await heavyJpeg(1200);
    const oneMs = await throughput(scheduler, 'one');
    const oneEditMs = await throughput(scheduler, 'one-edit', photo);

    workers.push(...(await startWorkers(1, redis.url, home)));
    await Promise.all([draw(scheduler, scheduler, 'warm-2a', 'a', 1), draw(scheduler, scheduler, 'warm-2b', 'b', 2)]);
    const twoMs = await throughput(scheduler, 'two');
    const twoEditMs = await throughput(scheduler, 'two-edit', photo);

    const e0 = median(embeddedRuns.map((r) => r.startedMs));
    const r0 = median(redisRuns.map((r) => r.startedMs));
    const e1 = median(embeddedRuns.map((r) => r.firstProgressMs));
    const r1 = median(redisRuns.map((r) => r.firstProgressMs));
    const withPreview = (runs: Timing[]) => runs.filter((r) => !Number.isNaN(r.firstProgressMs)).length;
    const ms = (n: number) => (Number.isNaN(n) ? 'none' : n.toFixed(1));
    console.log(`| figure (median of ${LATENCY_RUNS}, ms) | embedded | BullMQ + worker |`);
    console.log('|---|---:|---:|');
    console.log(`| submit -> started | ${ms(e0)} | ${ms(r0)} |`);
    console.log(
      `| submit -> first preview (runs that had one) | ${ms(e1)} (${withPreview(embeddedRuns)}) | ${ms(r1)} (${withPreview(redisRuns)}) |`,
    );
    console.log(
      `| submit -> result | ${ms(median(embeddedRuns.map((r) => r.totalMs)))} | ${ms(median(redisRuns.map((r) => r.totalMs)))} |`,
    );
    console.log('');
    const row = (what: string, workers: number, jobs: number, ms: number) =>
      console.log(`| ${what} | ${workers} | ${jobs} | ${f2(ms / 1000)} | ${f2(jobs / (ms / 1000))} |`);
    console.log('| jobs | workers | count | wall s | jobs/s |');
    console.log('|---|---:|---:|---:|---:|');
    row('tiny Janus drawing', 1, JOBS, oneMs);
    row('tiny Janus drawing', 2, JOBS, twoMs);
    row('3-step edit, 1200 px photo', 1, EDITS, oneEditMs);
    row('3-step edit, 1200 px photo', 2, EDITS, twoEditMs);
    console.log(
      `\nscale: 2 workers = ${f2(oneMs / twoMs)}x the throughput of 1 on tiny drawings, ${f2(oneEditMs / twoEditMs)}x on edits; ` +
        `the queue adds ${(r0 - e0).toFixed(1)} ms from submit to started (${f2(r0 / e0)}x embedded); load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`,
    );
  } finally {
    if (process.env['SCALE_LOG']) for (const w of workers) console.error(w.stderr.slice(-3000));
    await Promise.all(workers.map((w) => w.stop()));
    await scheduler.close();
    await redis.stop();
    await rm(home, { recursive: true, force: true });
  }
}
