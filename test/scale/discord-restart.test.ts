// `scanline start` with SCANLINE_REDIS_URL: a Discord bot killed with SIGKILL while a `scanline worker` runs
// its job, started again on an empty data folder, takes the job over from Redis (not from the disk): the user's
// reply ends with the image and its buttons. A job nothing runs any more (gone from BullMQ) is told interrupted,
// and Cancel works on a reply taken over. A Redis that does not answer stops the start with one line.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/common/errors.js';
import { t } from '../../src/common/messages.js';
import { WORK_QUEUE } from '../../src/pipeline/distributed/work-wire.js';
import { openRedis } from '../../src/pipeline/redis/redis-connection.js';
import { RedisJobJournal } from '../../src/pipeline/redis/redis-job-journal.js';
import { FakeDiscord } from '../fakes/fake-discord.js';
import { waitForFinal, waitForReplyTo } from '../fakes/discord/adapter-harness.js';
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
  /** Every process started, killed at the end whatever a failed test left running. */
  const processes: ScanlineProcess[] = [];
  const track = (p: ScanlineProcess): ScanlineProcess => {
    processes.push(p);
    return p;
  };
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const p of processes) console.log(p.stdout.slice(-20_000), p.stderr.slice(-5_000));
  });
  afterAll(async () => {
    for (const p of processes) await p.kill9();
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

  const openReader = async (url: string): Promise<RedisJobJournal> => {
    await reader?.close();
    const client = openRedis(url, { name: 'scanline-test-reader', log: pino({ level: 'silent' }) });
    await client.connect();
    const journal = await RedisJobJournal.open(client);
    reader = {
      journal,
      async close() {
        await journal.close();
        client.disconnect();
      },
    };
    return journal;
  };

  /**
   * A Redis of its own (nothing an earlier test left, a job or a worker, reaches this test), the fake Discord,
   * a reader of the Redis journal and a free port for the bot.
   */
  const setUp = async () => {
    await redis?.stop();
    const server = await TestRedis.start();
    redis = server;
    const discord = (fake ??= await FakeDiscord.start());
    return { server, discord, journal: await openReader(server.url), port: await freePort() };
  };

  /** The journal's record of the job asked with `text`, once it is in `state` with its reply posted as `replyId`. */
  const journaled = (journal: RedisJobJournal, text: string, state: string, replyId: string) =>
    until(async () => {
      const record = (await journal.recent()).find((r) => r.text === text);
      const posted = record?.reply?.platform === 'discord' && record.reply.messageId === replyId;
      return record?.state === state && posted ? record : undefined;
    }, `the job "${text}" ${state} in the Redis journal, its reply journaled`);

  it('kill -9 while a worker runs the job, then a start on an empty data folder: the reply ends with the image and its buttons', async () => {
    const { server, discord, journal, port } = await setUp();
    const first = await dataDir();
    const env = botEnv(discord, first, port, { SCANLINE_REDIS_URL: server.url });
    const [started, working] = await Promise.all([startBot(env), startWorker(env)]);
    bot = track(started);
    worker = track(working);

    const finished = await askAndWait(discord, 'a red fox --seed 1');
    expect(finished.attachments.length).toBeGreaterThan(0);
    // Large enough that the worker usually still runs it when the new bot starts (about 10 s on 2 cores).
    const photo = discord.hostFile('photo.jpg', await heavyJpeg(3600), 'image/jpeg');
    const asked = discord.postMessage({
      author: discord.alice,
      content: HEAVY_EDIT,
      mentionBot: true,
      attachments: [photo],
    });
    const reply = await waitForReplyTo(discord, asked);
    // Running on the worker, and where its reply lives already journaled.
    const running = await journaled(journal, HEAVY_EDIT, 'running', reply.id);

    await bot.kill9();
    // Nothing of the journal is on the disk: the restart below cannot read it from there.
    expect((await readdir(first)).filter((f) => f.startsWith('jobs'))).toEqual([]);
    const opsPort = await freePort();
    bot = track(
      await startBot(
        botEnv(discord, await dataDir(), port, {
          SCANLINE_REDIS_URL: server.url,
          SCANLINE_METRICS_PORT: String(opsPort),
        }),
      ),
    );

    // The new process takes the job over at start (the killed one's heartbeat names a pid of this machine that
    // is gone) and the worker's result lands on the same reply: the final image with its buttons.
    const final = await waitForFinal(discord, reply.id, 120_000);
    expect(final.content).not.toContain(formatMessage('interrupted', 'en'));
    expect(final.content).not.toContain(t('stillWorking', 'en'));
    expect(final.content).toMatch(/Done/);
    expect(final.attachments.length).toBeGreaterThan(0);
    // Taken over, not run again: the new bot says so (state running, or finished when the worker was quicker).
    // Its log (stderr) is written asynchronously: waited for.
    const tookOver = await until(
      async () => /"state":"(\w+)"[^\n]*took over a job another bot process submitted/.exec(bot!.stderr) ?? undefined,
      'the log line of the takeover',
    );
    expect(tookOver[1]).toMatch(/^(running|finished)$/);
    console.log(`the restarted bot took the job over while it was ${tookOver[1]}`);
    const buttons = JSON.stringify(final.components);
    expect(buttons).toContain(`scanline:edit:${running.id}`);
    expect(buttons).toContain(`scanline:upscale:${running.id}`);
    expect(discord.botMessages(asked.channelId).filter((m) => m.reference?.messageId === asked.id)).toHaveLength(1);
    await until(
      async () => ((await journal.get(running.id))?.state === 'done' ? true : undefined),
      'the job done in the journal',
    );

    // Buttons of the jobs before the restart work on the new process.
    expect((await pressReroll(discord, finished)).attachments.length).toBeGreaterThan(0);
    // /healthz names the shared Redis among its checks.
    const health = (await (await fetch(`http://127.0.0.1:${opsPort}/healthz`)).json()) as {
      checks: Record<string, { ok: boolean; detail: string }>;
    };
    expect(health.checks.redis).toMatchObject({ ok: true, detail: expect.stringMatching(/Redis reachable/) });
    expect(await bot.stop()).toBe(0);
    expect(await worker.stop()).toBe(0);
    worker = undefined;
  }, 300_000);

  it('kill -9 with jobs waiting for a worker: one gone from BullMQ is told interrupted, the other is taken over and Cancel works on it', async () => {
    const { server, discord, journal, port } = await setUp();
    // No worker: both jobs wait in BullMQ.
    bot = track(await startBot(botEnv(discord, await dataDir(), port, { SCANLINE_REDIS_URL: server.url })));
    const asks = ['a blue whale --seed 2', 'a green frog --seed 3'].map((content) => ({
      content,
      asked: discord.postMessage({ author: discord.alice, content, mentionBot: true }),
    }));
    const queue = new Queue(WORK_QUEUE, { connection: { url: server.url } });
    const [lost, kept] = await Promise.all(
      asks.map(async ({ content, asked }) => {
        const reply = await waitForReplyTo(discord, asked);
        const record = await journaled(journal, content, 'queued', reply.id);
        await until(async () => ((await queue.getJob(record.id)) ? true : undefined), `${content} in BullMQ`);
        return { reply, record };
      }),
    );
    await bot.kill9();
    // Gone from BullMQ (an operator cleaned the queue): nothing will run it.
    await queue.remove(lost!.record.id);
    await queue.close();
    bot = track(await startBot(botEnv(discord, await dataDir(), port, { SCANLINE_REDIS_URL: server.url })));

    const interrupted = formatMessage('interrupted', 'en');
    const told = await discord.waitFor(
      () => discord?.message(lost!.reply.id)?.content.includes(interrupted),
      'the interrupted reply',
      90_000,
    );
    expect(told).toBe(true);
    expect((await journal.get(lost!.record.id))?.state).toBe('failed');

    // The other one still waits for a worker: its reply says so, with its Cancel button, which works.
    const waiting = await discord.waitFor(() => {
      const m = discord?.message(kept!.reply.id);
      return m?.content.includes(t('stillWorking', 'en')) ? m : undefined;
    }, 'the taken-over reply saying it is still being worked on');
    const cancelId = `scanline:cancel:${kept!.record.id}`;
    expect(JSON.stringify(waiting.components)).toContain(cancelId);
    discord.pressButton(waiting, cancelId, { user: discord.alice });
    const cancelled = await waitForFinal(discord, kept!.reply.id, 60_000);
    expect(cancelled.content).toContain(formatMessage('cancelled', 'en'));
    await until(
      async () => ((await journal.get(kept!.record.id))?.state === 'cancelled' ? true : undefined),
      'the cancel journaled',
    );
    const after = new Queue(WORK_QUEUE, { connection: { url: server.url } });
    expect(await after.getJob(kept!.record.id)).toBeUndefined();
    await after.close();
    expect(await bot.stop()).toBe(0);
  }, 240_000);

  it('SIGTERM while a worker runs the job: the bot leaves it to the worker, the next bot shows its image', async () => {
    const { server, discord, journal, port } = await setUp();
    const env = botEnv(discord, await dataDir(), port, { SCANLINE_REDIS_URL: server.url });
    const [started, working] = await Promise.all([startBot(env), startWorker(env)]);
    bot = track(started);
    worker = track(working);
    const photo = discord.hostFile('photo2.jpg', await heavyJpeg(3600), 'image/jpeg');
    const asked = discord.postMessage({
      author: discord.alice,
      content: HEAVY_EDIT,
      mentionBot: true,
      attachments: [photo],
    });
    const reply = await waitForReplyTo(discord, asked);
    const running = await journaled(journal, HEAVY_EDIT, 'running', reply.id);

    // A clean stop (a deploy, a restart): exit 0, and the worker is not told to stop the job.
    expect(await bot.stop()).toBe(0);
    expect(discord.message(reply.id)?.content).not.toContain(formatMessage('interrupted', 'en'));
    expect((await journal.get(running.id))?.state).toBe('running');
    bot = track(await startBot(botEnv(discord, await dataDir(), port, { SCANLINE_REDIS_URL: server.url })));

    const final = await waitForFinal(discord, reply.id, 120_000);
    expect(final.attachments.length).toBeGreaterThan(0);
    expect(final.content).toMatch(/Done/);
    expect(worker.stderr + worker.stdout).not.toMatch(/cancel: stopping the running job/);
    await until(
      async () => ((await journal.get(running.id))?.state === 'done' ? true : undefined),
      'the job done in the journal',
    );
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
