// Cancels across bot processes over a real redis-server: the process that has the job answers
// (with the pipeline's rule), silence is 'not_found', and a Redis restart does not end it.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason, TestRedis } from '../../../test/helpers/redis-server.js';
import type { CancelOutcome } from '../pipeline.js';
import { RedisPubSubCancel, type CancelBy } from './cluster-cancel.js';
import { openRedis } from './redis-connection.js';
import { RedisSeenOnce } from './seen-once.js';

const skip = redisSkipReason();
if (skip) console.warn(skip);
const silent = pino({ level: 'silent' });

describe.skipIf(skip !== undefined)('shared state over Redis', () => {
  let server: TestRedis;
  const clients: Redis[] = [];
  const cancels: RedisPubSubCancel[] = [];

  async function client(): Promise<Redis> {
    const redis = openRedis(server.url, { name: 'scanline-test', log: silent });
    clients.push(redis);
    await redis.connect();
    return redis;
  }

  async function process(jobs: Record<string, string>, subscriber?: Redis): Promise<RedisPubSubCancel> {
    const cancel = await RedisPubSubCancel.open(await client(), subscriber ?? (await client()), silent, {
      timeoutMs: 500,
    });
    cancel.serve((jobId: string, by: CancelBy): CancelOutcome => {
      const owner = jobs[jobId];
      if (!owner) return 'not_found';
      if (owner !== by.userId && !by.isModerator) return 'forbidden';
      delete jobs[jobId];
      return 'cancelled';
    });
    cancels.push(cancel);
    return cancel;
  }

  beforeAll(async () => {
    server = await TestRedis.start();
  });
  afterAll(async () => {
    for (const c of cancels) await c.close();
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it('the process that runs the job cancels it, with the requester-or-moderator rule; nobody else answers', async () => {
    const jobs = { j1: 'alice', j2: 'alice' };
    await process(jobs);
    await process({});
    const asking = await process({});
    expect(await asking.cancel('j1', { userId: 'bob' })).toBe('forbidden');
    expect(await asking.cancel('j1', { userId: 'alice' })).toBe('cancelled');
    expect(await asking.cancel('j2', { userId: 'mod', isModerator: true })).toBe('cancelled');
    expect(jobs).toEqual({});
    expect(await asking.cancel('j1', { userId: 'alice' })).toBe('not_found');
  });

  it('after a Redis restart the processes subscribe again and cancels reach them', async () => {
    const jobs = { r1: 'alice' };
    await process(jobs);
    const asking = await process({});
    await server.restart();
    // Each client reconnects on its own back-off (up to 2 s between tries): ask until both are back.
    // A count of tries is not enough: while only the asker is back, each try ends at once.
    let outcome: CancelOutcome = 'not_found';
    const deadline = Date.now() + 30_000;
    while (outcome !== 'cancelled' && Date.now() < deadline) {
      outcome = await asking.cancel('r1', { userId: 'alice' });
      if (outcome !== 'cancelled') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(outcome).toBe('cancelled');
  });

  it('a process that cannot hear answers (its subscriber reconnecting) waits before asking, so it learns the job was cancelled', async () => {
    const jobs = { k1: 'alice' };
    await process(jobs);
    const ears = await client();
    const id = String(await ears.client('ID'));
    const asking = await process({}, ears);
    const admin = await client();
    await admin.client('KILL', 'ID', id);
    for (let i = 0; i < 100 && ears.status === 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(ears.status).not.toBe('ready');
    // Asked at once: without the wait the other process cancelled k1 and this one, deaf, said 'not_found'.
    expect(await asking.cancel('k1', { userId: 'alice' })).toBe('cancelled');
    expect(jobs).toEqual({});
  });

  it('repeat detection: the first offer across processes wins; while Redis is down each process still knows its own', async () => {
    const a = new RedisSeenOnce(await client(), silent, { timeoutMs: 300 });
    const b = new RedisSeenOnce(await client(), silent, { timeoutMs: 300 });
    expect(await a.first('ev1', 60_000)).toBe(true);
    expect(await b.first('ev1', 60_000)).toBe(false);
    expect(await a.first('ev1', 60_000)).toBe(false);
    await server.kill();
    expect(await a.first('ev2', 60_000)).toBe(true);
    expect(await a.first('ev2', 60_000)).toBe(false);
    // Not shared meanwhile: the other process answers it too (a duplicate rather than a drop).
    expect(await b.first('ev2', 60_000)).toBe(true);
    await server.resume();
  });
});
