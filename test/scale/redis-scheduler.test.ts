// The scheduler over Redis against a real redis-server: caps and round robin decided in Redis,
// positions, cancel while queued and while running, frames and finals carried back, errors in the
// user's words. The work is a runner the test paces by hand; the cluster test runs the real engine.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScanlineError } from '../../src/common/errors.js';
import type { EngineProgress } from '../../src/engine/index.js';
import { FairAdmission } from '../../src/pipeline/distributed/fair-admission.js';
import { RedisScheduler } from '../../src/pipeline/distributed/redis-scheduler.js';
import { WorkWorker } from '../../src/pipeline/distributed/work-worker.js';
import { inputKey, KEY_PREFIX, WORK_QUEUE, type WireJob } from '../../src/pipeline/distributed/work-wire.js';
import { route } from '../../src/pipeline/router/index.js';
import type { SchedulerCaps, SchedulerJob } from '../../src/pipeline/scheduler/scheduler.js';
import type { TaskOutput } from '../../src/pipeline/tasks/task-handler.js';
import type { Work, WorkOptions, WorkRunner } from '../../src/pipeline/work.js';
import { makeRequest } from '../helpers/make-request.js';
import { redisSkipReason, TestRedis } from '../helpers/redis-server.js';

const skip = redisSkipReason();
if (skip) console.warn(skip);

const log = pino({ level: 'silent' });
const WIDE: SchedulerCaps = { perUser: 100, perChannel: 100, global: 100 };

/** Work the test finishes by hand: each run waits for `finish(id)`, reports what it got, honours the signal. */
class PacedWork implements WorkRunner {
  readonly started: string[] = [];
  readonly received = new Map<string, Work>();
  readonly #gates = new Map<string, { finish(output: TaskOutput): void; opts: WorkOptions }>();
  #waiters: (() => void)[] = [];

  run(work: Work, opts: WorkOptions): Promise<TaskOutput> {
    this.started.push(opts.jobId);
    this.received.set(opts.jobId, work);
    const result = new Promise<TaskOutput>((resolve, reject) => {
      this.#gates.set(opts.jobId, { finish: resolve, opts });
      opts.signal.addEventListener('abort', () => reject(opts.signal.reason), { once: true });
    });
    for (const wake of this.#waiters.splice(0)) wake();
    return result;
  }

  async waitStarted(count: number): Promise<void> {
    while (this.started.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  progress(id: string, update: EngineProgress): void {
    this.#gates.get(id)?.opts.progress(update);
  }

  finish(id: string, text = `answer ${id}`): void {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    this.#gates.get(id)?.finish({
      images: [{ data: png, mime: 'image/png', width: 1, height: 1, name: `${id}.png` }],
      text,
      timingsMs: { engine: 1 },
    });
  }

  aborted(id: string): boolean {
    return this.#gates.get(id)?.opts.signal.aborted ?? false;
  }
}

interface Seen {
  positions: number[];
  started: boolean;
  cancelled: boolean;
  refused?: ScanlineError;
  frames: EngineProgress[];
  output?: TaskOutput;
  error?: unknown;
}

/** Submits jobs as the pipeline does: its run hands the work to the scheduler's run. */
function submitter(scheduler: RedisScheduler) {
  const seen = new Map<string, Seen>();
  const submit = (id: string, userId: string, opts: { channelId?: string; files?: Uint8Array[] } = {}) => {
    const s: Seen = { positions: [], started: false, cancelled: false, frames: [] };
    seen.set(id, s);
    const plan = route(makeRequest({ text: `describe ${id}` }));
    const job: SchedulerJob = {
      id,
      userId,
      channelId: opts.channelId ?? 'chan',
      onQueued: (p) => s.positions.push(p),
      onStarted: () => (s.started = true),
      onCancelled: () => (s.cancelled = true),
      onRefused: (e) => (s.refused = e),
      run: async (signal) => {
        try {
          s.output = await scheduler.run(
            {
              plan,
              files: (opts.files ?? []).map((data, i) => ({ data, name: `in${i}.png` })),
              maxPixels: 1_000_000,
              maxFileBytes: 1_000_000,
              platform: 'discord',
            },
            { jobId: id, signal, progress: (p) => s.frames.push(p) },
          );
        } catch (error) {
          s.error = error;
          throw error;
        }
      },
    };
    return { seen: s, done: scheduler.submit(job).done };
  };
  return { seen, submit };
}

/** What a bot that is gone left behind: its admission, its inputs and its BullMQ job, as RedisScheduler.run writes them. */
async function enqueuedByGoneBot(client: Redis, id: string, userId: string, files = 1): Promise<void> {
  const { turn } = await new FairAdmission(client, KEY_PREFIX).admit({ id, userId, channelId: 'chan' }, WIDE);
  for (let i = 0; i < files; i++) await client.hset(inputKey(id), String(i), Buffer.from([1, 2, 3]));
  const data: WireJob = {
    plan: route(makeRequest({ text: `describe ${id}` })),
    maxPixels: 1_000_000,
    maxFileBytes: 1_000_000,
    names: Array.from({ length: files }, (_, i) => `in${i}.png`),
    userId,
    channelId: 'chan',
    platform: 'discord',
  };
  const queue = new Queue(WORK_QUEUE, { connection: client });
  await queue.add('work', data, { jobId: id, priority: turn, attempts: 1 });
}

/** Takes jobs over as the pipeline does after a restart: its run collects the result through `resume`. */
function adopter(scheduler: RedisScheduler) {
  const seen = new Map<string, Seen>();
  const adopt = async (id: string, userId: string) => {
    const s: Seen = { positions: [], started: false, cancelled: false, frames: [] };
    seen.set(id, s);
    const adopted = await scheduler.adopt({
      id,
      userId,
      channelId: 'chan',
      onQueued: (p) => s.positions.push(p),
      onStarted: () => (s.started = true),
      onCancelled: () => (s.cancelled = true),
      run: async (signal) => {
        try {
          s.output = await scheduler.resume({ jobId: id, signal, progress: (p) => s.frames.push(p) });
        } catch (error) {
          s.error = error;
          throw error;
        }
      },
    });
    return { seen: s, done: adopted?.done };
  };
  return { seen, adopt };
}

/** Three users' jobs, asked in this order: a round-robin start order is a1, b1, c1, a2, b2, a3. */
const BACKLOG = [
  ['a1', 'a'],
  ['a2', 'a'],
  ['a3', 'a'],
  ['b1', 'b'],
  ['b2', 'b'],
  ['c1', 'c'],
] as const;

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(skip !== undefined)('the scheduler over Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    redis = await TestRedis.start();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  beforeEach(async () => {
    await client.flushall();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function scheduler(caps = WIDE): Promise<RedisScheduler> {
    const s = await RedisScheduler.open({ url: redis.url, caps, log, sweepMs: 500 });
    closers.push(() => s.close());
    return s;
  }
  async function worker(work: WorkRunner, name: string): Promise<WorkWorker> {
    const w = await WorkWorker.start({ url: redis.url, concurrency: 1, work, log, name });
    closers.push(() => w.close());
    return w;
  }

  it('admits under the caps in Redis, refusing with the count and a retry estimate, and two replicas share them', async () => {
    const a = new FairAdmission(client, KEY_PREFIX);
    const b = new FairAdmission(new Redis(redis.url), KEY_PREFIX);
    const caps = { perUser: 2, perChannel: 3, global: 4 };
    await a.admit({ id: 'j1', userId: 'u1', channelId: 'c1' }, caps);
    await b.admit({ id: 'j2', userId: 'u1', channelId: 'c1' }, caps);
    const busyUser = await a.admit({ id: 'j3', userId: 'u1', channelId: 'c2' }, caps).catch((e: unknown) => e);
    expect(busyUser).toBeInstanceOf(ScanlineError);
    expect((busyUser as ScanlineError).code).toBe('busy_user');
    expect((busyUser as ScanlineError).params['count']).toBe(2);
    // No worker is alive and nothing finished yet: the first job leaves after one default job time (30 s).
    expect((busyUser as ScanlineError).params['seconds']).toBe(30);
    await b.admit({ id: 'j4', userId: 'u2', channelId: 'c1' }, caps);
    const busyChannel = await b.admit({ id: 'j5', userId: 'u3', channelId: 'c1' }, caps).catch((e: unknown) => e);
    expect((busyChannel as ScanlineError).code).toBe('busy_channel');
    await a.admit({ id: 'j6', userId: 'u3', channelId: 'c2' }, caps);
    const busyGlobal = await a.admit({ id: 'j7', userId: 'u4', channelId: 'c3' }, caps).catch((e: unknown) => e);
    expect((busyGlobal as ScanlineError).code).toBe('busy_global');
    expect((busyGlobal as ScanlineError).userMessage('zh')).toContain('4 个请求');
    // Leaving frees the place, once however many times it is told.
    await a.release('j1');
    await b.release('j1');
    await a.admit({ id: 'j8', userId: 'u1', channelId: 'c2' }, caps);
    expect((await a.counts()).queued).toBe(4);
  });

  it('gives each user turns in rounds, so the start order is round robin, and forgets turns when idle', async () => {
    const fair = new FairAdmission(client, KEY_PREFIX);
    const turns: Record<string, number> = {};
    for (const [id, user] of BACKLOG) {
      turns[id] = (await fair.admit({ id, userId: user, channelId: 'c' }, WIDE)).turn;
    }
    expect((await fair.snapshot()).order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    // a1 starts: a newcomer now comes after the round being served, ahead of a's and b's backlog.
    await fair.started('a1');
    await fair.admit({ id: 'd1', userId: 'd', channelId: 'c' }, WIDE);
    expect((await fair.snapshot()).order).toEqual(['b1', 'c1', 'd1', 'a2', 'b2', 'a3']);
    for (const id of ['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'd1']) await fair.release(id);
    expect((await fair.admit({ id: 'e1', userId: 'a', channelId: 'c' }, WIDE)).turn).toBe(1);
  });

  it('runs jobs on a worker in round-robin order, tells positions, and brings back frames and finals', async () => {
    const s = await scheduler();
    const { seen, submit } = submitter(s);
    const dones = [];
    for (const [id, user] of BACKLOG) {
      dones.push(submit(id, user, { files: [new Uint8Array([1, 2, 3])] }).done);
    }
    await until(
      async () => (await new Queue(WORK_QUEUE, { connection: client }).getPrioritizedCount()) === 6,
      'six jobs in BullMQ',
    );
    expect(['a1', 'b1', 'c1', 'a2', 'b2', 'a3'].map((id) => seen.get(id)?.positions.at(-1))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);

    const work = new PacedWork();
    await worker(work, 'w1');
    await work.waitStarted(1);
    expect(work.received.get('a1')?.files[0]?.data).toEqual(new Uint8Array([1, 2, 3]));
    await until(() => seen.get('a1')?.started === true, 'a1 started');
    await until(() => seen.get('a3')?.positions.at(-1) === 5, 'positions moving up');
    work.progress('a1', { fraction: 0.25 });
    work.progress('a1', {
      fraction: 0.5,
      image: { data: new Uint8Array(12).fill(7), width: 2, height: 2, channels: 3 },
    });
    await until(
      () => (seen.get('a1')?.frames.length ?? 0) >= 1 && seen.get('a1')?.frames.at(-1)?.fraction === 0.5,
      'frames',
    );
    expect(seen.get('a1')?.frames.at(-1)?.image).toEqual({
      data: new Uint8Array(12).fill(7),
      width: 2,
      height: 2,
      channels: 3,
    });
    for (let i = 0; i < 6; i++) {
      await work.waitStarted(i + 1);
      work.finish(work.started[i]!);
    }
    expect(await Promise.all(dones)).toEqual(Array(6).fill('done'));
    expect(work.started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(seen.get('b2')?.output?.text).toBe('answer b2');
    expect(seen.get('b2')?.output?.images[0]?.data).toEqual(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]));
    expect(await client.keys(`${KEY_PREFIX}:input:*`)).toEqual([]);
    expect(await client.keys(`${KEY_PREFIX}:result:*`)).toEqual([]);
    expect(await client.hlen(`${KEY_PREFIX}:fair:jobs`)).toBe(0);
  });

  it('refuses past a cap through onRefused, with the same busy sentence as the embedded scheduler', async () => {
    const s = await scheduler({ perUser: 1, perChannel: 10, global: 10 });
    const { submit } = submitter(s);
    submit('a1', 'a');
    const second = submit('a2', 'a');
    expect(await second.done).toBe('failed');
    expect(second.seen.refused?.code).toBe('busy_user');
    expect(second.seen.refused?.userMessage('en')).toMatch(/You already have 1 request/);
  });

  it('cancels a queued job (removed from BullMQ) and a running one (the worker aborts it)', async () => {
    const s = await scheduler();
    const { seen, submit } = submitter(s);
    const running = submit('r1', 'a');
    const queued = submit('q1', 'b');
    const work = new PacedWork();
    await worker(work, 'w1');
    await work.waitStarted(1);
    await until(() => seen.get('r1')?.started === true, 'r1 started');
    await until(
      async () => (await new Queue(WORK_QUEUE, { connection: client }).getPrioritizedCount()) === 1,
      'q1 waiting',
    );
    expect(s.cancel('q1')).toBe(true);
    expect(await queued.done).toBe('cancelled');
    await until(
      async () => (await new Queue(WORK_QUEUE, { connection: client }).getJob('q1')) === undefined,
      'q1 removed',
    );
    expect(s.cancel('r1')).toBe(true);
    expect(await running.done).toBe('cancelled');
    await until(() => work.aborted('r1'), 'the worker aborting r1');
    // The running job's record stays, failed as cancelled (only a waiting job is removed).
    const records = new Queue(WORK_QUEUE, { connection: client });
    await until(async () => (await records.getJob('r1'))?.finishedOn !== undefined, 'r1 failed in BullMQ');
    expect((await records.getJob('r1'))?.failedReason).toBe('cancelled');
    expect(work.started).toEqual(['r1']);
    expect(seen.get('q1')?.cancelled && seen.get('r1')?.cancelled).toBe(true);
  });

  it('tells a ScanlineError from the worker in the words of the user', async () => {
    const s = await scheduler();
    const { seen, submit } = submitter(s);
    const failing: WorkRunner = {
      run: async () => {
        throw new ScanlineError('image_missing');
      },
    };
    await worker(failing, 'w1');
    const job = submit('f1', 'a');
    expect(await job.done).toBe('failed');
    expect(seen.get('f1')?.error).toBeInstanceOf(ScanlineError);
    expect((seen.get('f1')?.error as ScanlineError).userMessage('zh')).toContain('需要一张图片');
  });

  it('takes over the jobs of a bot that is gone: a running one with its frames, a waiting one with its place, a finished one', async () => {
    const work = new PacedWork();
    await worker(work, 'w1');
    await enqueuedByGoneBot(client, 'run1', 'a');
    await work.waitStarted(1);
    // A prompt: no input images, so no input key.
    await enqueuedByGoneBot(client, 'wait1', 'b', 0);
    const s = await scheduler();
    const { adopt } = adopter(s);

    const running = await adopt('run1', 'a');
    expect(running.seen.started).toBe(true);
    const waiting = await adopt('wait1', 'b');
    expect(waiting.seen.started).toBe(false);
    expect(waiting.seen.positions).toEqual([1]);
    // Adopted once: a second look (another sweep) takes nothing.
    expect(await s.adopt({ id: 'run1', userId: 'a', channelId: 'chan', run: async () => undefined })).toBeUndefined();

    work.progress('run1', {
      fraction: 0.5,
      image: { data: new Uint8Array(12).fill(9), width: 2, height: 2, channels: 3 },
    });
    await until(() => running.seen.frames.at(-1)?.fraction === 0.5, 'the frame after the takeover');
    expect(running.seen.frames.at(-1)?.image?.data).toEqual(new Uint8Array(12).fill(9));
    work.finish('run1');
    expect(await running.done).toBe('done');
    expect(running.seen.output?.text).toBe('answer run1');
    expect(running.seen.output?.images[0]?.data).toEqual(new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]));

    await work.waitStarted(2);
    await until(() => waiting.seen.started, 'the waiting job started');
    expect(work.received.get('wait1')?.files).toEqual([]);
    work.finish('wait1');
    expect(await waiting.done).toBe('done');
    expect(waiting.seen.output?.text).toBe('answer wait1');

    // Finished while no bot listened: collected at once, while its result is kept.
    await enqueuedByGoneBot(client, 'fin1', 'c');
    await work.waitStarted(3);
    work.finish('fin1');
    const records = new Queue(WORK_QUEUE, { connection: client });
    await until(async () => (await records.getJob('fin1'))?.finishedOn !== undefined, 'fin1 completed');
    const finished = await adopt('fin1', 'c');
    expect(finished.seen.started).toBe(false);
    expect(await finished.done).toBe('done');
    expect(finished.seen.output?.text).toBe('answer fin1');
    expect(await client.keys(`${KEY_PREFIX}:result:*`)).toEqual([]);
    expect(await client.hlen(`${KEY_PREFIX}:fair:jobs`)).toBe(0);
  });

  it('takes over nothing that will not finish: gone from BullMQ, inputs expired, result expired; their places are freed', async () => {
    const s = await scheduler();
    const { adopt } = adopter(s);
    // Admitted, but the bot stopped before its job reached BullMQ (it was downloading the inputs).
    await new FairAdmission(client, KEY_PREFIX).admit({ id: 'never', userId: 'a', channelId: 'chan' }, WIDE);
    expect((await adopt('never', 'a')).done).toBeUndefined();
    // Waiting, but its inputs expired: removed, so no worker tries it.
    await enqueuedByGoneBot(client, 'stale', 'b');
    await client.del(inputKey('stale'));
    expect((await adopt('stale', 'b')).done).toBeUndefined();
    const records = new Queue(WORK_QUEUE, { connection: client });
    expect(await records.getJob('stale')).toBeUndefined();
    // Done long ago: its images are gone.
    const work = new PacedWork();
    await worker(work, 'w1');
    await enqueuedByGoneBot(client, 'old', 'c');
    await work.waitStarted(1);
    work.finish('old');
    await until(async () => (await records.getJob('old'))?.finishedOn !== undefined, 'old completed');
    await client.del(`${KEY_PREFIX}:result:old`);
    expect((await adopt('old', 'c')).done).toBeUndefined();
    expect(await client.hlen(`${KEY_PREFIX}:fair:jobs`)).toBe(0);
  });

  it('cancels a job it took over while it runs on a worker', async () => {
    const work = new PacedWork();
    await worker(work, 'w1');
    await enqueuedByGoneBot(client, 'run1', 'a');
    await work.waitStarted(1);
    const s = await scheduler();
    const running = await adopter(s).adopt('run1', 'a');
    expect(s.cancel('run1')).toBe(true);
    expect(await running.done).toBe('cancelled');
    await until(() => work.aborted('run1'), 'the worker aborting run1');
    expect(running.seen.cancelled).toBe(true);
  });

  it('hands a job its worker has to the next bot at shutdown: not cancelled, taken over by another scheduler', async () => {
    const work = new PacedWork();
    await worker(work, 'w1');
    const stopping = await RedisScheduler.open({ url: redis.url, caps: WIDE, log, sweepMs: 500 });
    const { seen, submit } = submitter(stopping);
    submit('h1', 'a');
    await work.waitStarted(1);
    await until(() => seen.get('h1')?.started === true, 'h1 started');
    // Not in BullMQ yet (admitting): cannot be handed off.
    expect(stopping.handOff('nope')).toBe(false);
    expect(stopping.handOff('h1')).toBe(true);
    await stopping.onIdle();
    await stopping.close();
    expect(work.aborted('h1')).toBe(false);
    expect(seen.get('h1')?.cancelled).toBe(false);

    const next = await scheduler();
    const adopted = await adopter(next).adopt('h1', 'a');
    expect(adopted.seen.started).toBe(true);
    work.finish('h1');
    expect(await adopted.done).toBe('done');
    expect(adopted.seen.output?.text).toBe('answer h1');
    // The stopped scheduler heard nothing more of it.
    expect(seen.get('h1')?.output).toBeUndefined();
  });
});
