// `scanline start` with SCANLINE_REDIS_URL: a Discord bot killed with SIGKILL mid-job and started again
// on an empty data folder gets its buttons and its interrupted job back from Redis, not from the disk;
// a Redis that does not answer stops the start with one line.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/common/errors.js';
import { openRedis } from '../../src/pipeline/redis/redis-connection.js';
import { RedisJobJournal } from '../../src/pipeline/redis/redis-job-journal.js';
import { FakeDiscord } from '../fakes/fake-discord.js';
import { waitForReplyTo } from '../fakes/discord/adapter-harness.js';
import {
  HEAVY_EDIT,
  askAndWait,
  botEnv,
  heavyJpeg,
  pressReroll,
  startBot,
  startWorker,
  until,
} from '../helpers/bot-process.js';
import { redisSkipReason, TestRedis } from '../helpers/redis-server.js';
import { freePort, runScanline, type ScanlineProcess } from '../helpers/scanline-process.js';

const skip = redisSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)('scanline start with its journal in Redis', () => {
  let redis: TestRedis | undefined;
  let fake: FakeDiscord | undefined;
  let bot: ScanlineProcess | undefined;
  let worker: ScanlineProcess | undefined;
  let reader: { journal: RedisJobJournal; close(): Promise<void> } | undefined;
  const dirs: string[] = [];
  afterAll(async () => {
    await bot?.kill9();
    await worker?.kill9();
    await reader?.close();
    await fake?.close();
    await redis?.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanline-redis-bot-'));
    dirs.push(dir);
    return dir;
  };

  it('kill -9 mid-job, then a start on an empty data folder: the job is told interrupted, Reroll of a finished one works', async () => {
    redis = await TestRedis.start();
    fake = await FakeDiscord.start();
    const client = openRedis(redis.url, { name: 'scanline-test-reader', log: pino({ level: 'silent' }) });
    await client.connect();
    const journal = await RedisJobJournal.open(client);
    reader = {
      journal,
      async close() {
        await journal.close();
        client.disconnect();
      },
    };
    const port = await freePort();
    const first = await dataDir();
    const env = botEnv(fake, first, port, { SCANLINE_REDIS_URL: redis.url });
    [bot, worker] = await Promise.all([startBot(env), startWorker(env)]);

    const finished = await askAndWait(fake, 'a red fox --seed 1');
    expect(finished.attachments.length).toBeGreaterThan(0);
    const photo = fake.hostFile('photo.jpg', await heavyJpeg(), 'image/jpeg');
    const asked = fake.postMessage({ author: fake.alice, content: HEAVY_EDIT, mentionBot: true, attachments: [photo] });
    const reply = await waitForReplyTo(fake, asked);
    // Running, and where its reply lives already journaled (else the restart answers the message that asked).
    const running = await until(async () => {
      const record = (await journal.recent()).find((r) => r.text === HEAVY_EDIT);
      const posted = record?.reply?.platform === 'discord' && record.reply.messageId === reply.id;
      return record?.state === 'running' && posted ? record : undefined;
    }, 'the edit running in the Redis journal, its reply journaled');

    await bot.kill9();
    // Nothing of the journal is on the disk: the restart below cannot read it from there.
    expect((await readdir(first)).filter((f) => f.startsWith('jobs'))).toEqual([]);
    const opsPort = await freePort();
    bot = await startBot(
      botEnv(fake, await dataDir(), port, { SCANLINE_REDIS_URL: redis.url, SCANLINE_METRICS_PORT: String(opsPort) }),
    );

    const interrupted = formatMessage('interrupted', 'en');
    // The new process takes the job over at start: the killed one's heartbeat names a pid of this machine that is gone.
    const told = await fake.waitFor(
      () => {
        const m = fake?.message(reply.id);
        return m?.content.includes(interrupted) ? m : undefined;
      },
      'the interrupted reply',
      90_000,
    );
    expect(told.content).toContain(interrupted);
    expect((await journal.get(running.id))?.state).toBe('failed');

    const rerolled = await pressReroll(fake, finished);
    expect(rerolled.attachments.length).toBeGreaterThan(0);
    // /healthz names the shared Redis among its checks.
    const health = (await (await fetch(`http://127.0.0.1:${opsPort}/healthz`)).json()) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(health.checks.redis).toMatchObject({ ok: true, detail: expect.stringMatching(/Redis reachable/) });
    expect(await bot.stop()).toBe(0);
  }, 240_000);

  it('an unreachable SCANLINE_REDIS_URL stops the start with one line naming it, its password hidden (exit 8)', async () => {
    const dir = await dataDir();
    const run = await runScanline(['start'], {
      HOME: dir,
      SCANLINE_DATA_DIR: dir,
      SCANLINE_PLAYGROUND_PORT: String(await freePort()),
      SCANLINE_REDIS_URL: `redis://:hunter2@127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'silent',
    });
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(run.code).toBe(8);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SCANLINE_REDIS_URL redis:\/\/\*\*\*@127\.0\.0\.1:\d+ does not answer/);
    expect(run.stderr).not.toContain('hunter2');
  });
});
