// Two Slack bot replicas in HTTP mode behind an imagined load balancer: two real `scanline start`
// processes on one fake Slack and one real redis-server. A retry that reaches the other replica is
// answered once, a Cancel clicked on the replica that did not start the job stops it, buttons work on
// any replica and after a restart, a Redis restart loses nothing, and the running job of a replica killed
// with SIGKILL is taken over by the other one, which shows the worker's result on its reply.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/common/errors.js';
import { openRedis } from '../../src/pipeline/redis/redis-connection.js';
import { RedisJobJournal } from '../../src/pipeline/redis/redis-job-journal.js';
import { FakeSlack, type FakeMessage } from '../fakes/fake-slack.js';
import { ALICE, BOB, BOT_TOKEN, CHANNEL, SIGNING_SECRET, TEAM, blockText, waitFor } from '../fakes/slack/harness.js';
import {
  appMention,
  blockAction,
  channelMessage,
  eventCallback,
  interactionForm,
  postSigned,
} from '../fakes/slack/slack-requests.js';
import { HEAVY_EDIT, heavyJpeg, until } from '../helpers/bot-process.js';
import { redisSkipReason, TestRedis } from '../helpers/redis-server.js';
import { startWorker } from '../helpers/bot-process.js';
import { freePort, ScanlineProcess } from '../helpers/scanline-process.js';

const skip = redisSkipReason();
if (skip) console.warn(skip);

interface Replica {
  name: string;
  port: number;
  process: ScanlineProcess;
  url: string;
}

let redis: TestRedis;
let fake: FakeSlack;
const dirs: string[] = [];
const replicas: Replica[] = [];

async function startReplica(name: string, port?: number): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), `scanline-replica-${name}-`));
  dirs.push(dir);
  const listen = port ?? (await freePort());
  const process = await ScanlineProcess.start(
    {
      HOME: dir,
      SCANLINE_DATA_DIR: dir,
      SCANLINE_PLAYGROUND: 'off',
      SCANLINE_REDIS_URL: redis.url,
      SCANLINE_CONCURRENCY: '1',
      SCANLINE_ATTACHMENT_HOSTS: fake.host,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_PORT: String(listen),
      LOG_LEVEL: 'info',
    },
    /Slack: listening for events/,
  );
  const replica = { name, port: listen, process, url: `http://127.0.0.1:${listen}/slack/events` };
  replicas.push(replica);
  return replica;
}

const postEvent = (
  to: Replica,
  event: Record<string, unknown>,
  eventId: string,
  opts: { retryNum?: number; timestamp?: number } = {},
) => postSigned(to.url, JSON.stringify(eventCallback(TEAM, event, eventId)), { secret: SIGNING_SECRET, ...opts });

const clickBody = (reply: FakeMessage, actionId: string, user = ALICE) =>
  interactionForm(
    blockAction({
      team: TEAM,
      channel: CHANNEL,
      user,
      message: { ...reply },
      actionId,
      responseUrl: `${fake.base}/response/replicas`,
    }),
  );

const press = (to: Replica, reply: FakeMessage, actionId: string, user = ALICE) =>
  postSigned(to.url, clickBody(reply, actionId, user), { secret: SIGNING_SECRET, contentType: 'form' });

/** The bot's reply in a thread (the first message with blocks it posted there). */
const replyIn = (thread: string): FakeMessage | undefined =>
  fake.messages.find((m) => m.channel === CHANNEL && m.thread_ts === thread && m.blocks);

const firstLine = (m: FakeMessage | undefined) => blockText(m?.blocks).split('\n')[0] ?? '';

const actionId = (m: FakeMessage | undefined, action: string) =>
  (m?.blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id))
    .find((id) => id.startsWith(`scanline:${action}:`));

const finalReply = (thread: string) =>
  waitFor(
    () => {
      const m = replyIn(thread);
      return m && /Done in/.test(blockText(m.blocks)) ? m : undefined;
    },
    `the final reply in ${thread}`,
    120_000,
  );

/** Asks for a heavy three-step edit and waits until its reply shows it running, with its Cancel button. */
async function heavyJob(to: Replica, photo: ReturnType<FakeSlack['hostFile']>) {
  const ts = fake.nextTs();
  await postEvent(
    to,
    appMention({ channel: CHANNEL, user: ALICE, text: `<@U0BOT> ${HEAVY_EDIT}`, ts, files: [photo] }),
    `Ev-heavy-${ts}`,
  );
  const running = await waitFor(
    () => {
      const m = replyIn(ts);
      return m && /Working|%/.test(firstLine(m)) && actionId(m, 'cancel') ? m : undefined;
    },
    'the heavy edit running',
    120_000,
  );
  const jobId = (actionId(running, 'cancel') ?? '').split(':')[2] ?? '';
  return { ts, running, jobId };
}

/** The shared journal as another bot process reads it. */
async function sharedJournal(): Promise<{ journal: RedisJobJournal; close(): Promise<void> }> {
  const client = openRedis(redis.url, { name: 'scanline-test-reader', log: pino({ level: 'silent' }) });
  await client.connect();
  const journal = await RedisJobJournal.open(client);
  return {
    journal,
    async close() {
      await journal.close();
      client.disconnect();
    },
  };
}

const logs = (r: Replica) => `${r.process.stdout}\n${r.process.stderr}`;

describe.skipIf(skip !== undefined)('Slack replicas sharing Redis', () => {
  let a: Replica;
  let b: Replica;
  let worker: ScanlineProcess | undefined;
  let photo: ReturnType<FakeSlack['hostFile']>;

  beforeAll(async () => {
    redis = await TestRedis.start();
    fake = await new FakeSlack({
      botToken: BOT_TOKEN,
      team: TEAM,
      users: { [ALICE]: { name: 'alice', locale: 'en-US' }, [BOB]: { name: 'bob', locale: 'zh-CN' } },
    }).start();
    // With SCANLINE_REDIS_URL the replicas only enqueue: one `scanline worker` runs the jobs.
    const workerHome = mkdtempSync(join(tmpdir(), 'scanline-replica-worker-'));
    dirs.push(workerHome);
    [a, b, worker] = await Promise.all([
      startReplica('a'),
      startReplica('b'),
      startWorker({ SCANLINE_REDIS_URL: redis.url, HOME: workerHome }),
    ]);
    photo = fake.hostFile('photo.jpg', await heavyJpeg(), 'image/jpeg');
  }, 180_000);

  afterAll(async () => {
    for (const r of replicas) await r.process.kill9();
    await worker?.kill9();
    await fake?.close();
    await redis?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('answers an event once when Slack retries it to the other replica', async () => {
    const ts = fake.nextTs();
    const event = appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts });
    // Slack signs a retry anew: its signature is not the first delivery's, only its event id is.
    const now = Math.floor(Date.now() / 1000);
    const answers = await Promise.all([
      postEvent(a, event, 'EvREPLICA1', { timestamp: now - 2 }),
      postEvent(b, event, 'EvREPLICA1', { retryNum: 1, timestamp: now }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await waitFor(() => replyIn(ts), 'the reply to the mention');
    // A second reply would be posted within milliseconds of the first; both replicas have long answered.
    await new Promise((r) => setTimeout(r, 500));
    const posted = fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts);
    expect(posted).toHaveLength(1);
  }, 240_000);

  it('answers a follow-up in a thread A answered when it reaches B (thread starters are shared)', async () => {
    const ts = fake.nextTs();
    await postEvent(a, appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts }), `Ev-thread-${ts}`);
    await waitFor(() => replyIn(ts), 'the reply in the thread');
    const followTs = fake.nextTs();
    fake.addMessage({ channel: CHANNEL, thread_ts: ts, user: ALICE, text: 'help', ts: followTs });
    await postEvent(
      b,
      channelMessage({ channel: CHANNEL, user: ALICE, text: 'help', ts: followTs, thread_ts: ts }),
      `Ev-follow-${followTs}`,
    );
    await waitFor(
      () => fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts).length === 2,
      'the answer to the follow-up',
    );
  }, 240_000);

  it('cancels a job on replica A when its Cancel is clicked on replica B', async () => {
    const { ts, running, jobId } = await heavyJob(a, photo);
    const clicked = await press(b, running, `scanline:cancel:${jobId}`);
    expect(clicked.status).toBe(200);
    const cancelled = await waitFor(
      () => {
        const m = replyIn(ts);
        return m && firstLine(m).includes(formatMessage('cancelled', 'en')) ? m : undefined;
      },
      'the reply to say cancelled',
      60_000,
    );
    expect(actionId(cancelled, 'cancel')).toBeUndefined();
    await waitFor(() => logs(a).includes('cancel asked by another bot process'), "A's log line for B's cancel");
    const shared = await sharedJournal();
    try {
      expect((await shared.journal.get(jobId))?.state).toBe('cancelled');
    } finally {
      await shared.close();
    }
    // Nobody told the clicker the job was gone.
    expect(fake.callsOf('chat.postEphemeral').filter((c) => c.args.user === ALICE)).toHaveLength(0);
  }, 240_000);

  it('Reroll of a job finished on A works on B; a Redis restart loses nothing and both replicas reconnect', async () => {
    const ts = fake.nextTs();
    await postEvent(
      a,
      appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a red apple --seed 7', ts }),
      `Ev-draw-${ts}`,
    );
    const finished = await finalReply(ts);
    const reroll = actionId(finished, 'reroll');
    expect(reroll).toBeDefined();

    await redis.restart();

    const before = fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts).length;
    await press(b, finished, reroll ?? '');
    const rerolled = await waitFor(
      () => {
        const posts = fake.messages.filter((m) => m.channel === CHANNEL && m.thread_ts === ts && m.blocks);
        const newest = posts.length > 1 ? posts.at(-1) : undefined;
        return newest && /Done in/.test(blockText(newest.blocks)) ? newest : undefined;
      },
      'the rerolled reply',
      120_000,
    );
    expect(fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts).length).toBeGreaterThan(before);
    expect(blockText(rerolled.blocks)).toMatch(/Done in/);

    // The same signed click (a replay, byte for byte) sent to both replicas opens the edit form once.
    const opens = fake.callsOf('views.open').length;
    const body = clickBody(finished, actionId(finished, 'edit') ?? '');
    const timestamp = Math.floor(Date.now() / 1000);
    const clicks = await Promise.all(
      [a, b].map((r) => postSigned(r.url, body, { secret: SIGNING_SECRET, contentType: 'form', timestamp })),
    );
    expect(clicks.map((r) => r.status)).toEqual([200, 200]);
    await waitFor(() => fake.callsOf('views.open').length > opens, 'the edit form');
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.callsOf('views.open').length - opens).toBe(1);
    // The rerolled job was journaled through the restarted Redis, and the first one is still there.
    const shared = await sharedJournal();
    try {
      const jobs = (await shared.journal.recent()).filter((r) => r.text === 'draw a red apple --seed 7');
      expect(jobs.map((r) => r.state)).toEqual(['done', 'done']);
    } finally {
      await shared.close();
    }
  }, 240_000);

  it('a replica killed with SIGKILL: the other takes its running job over and shows the result; restarted, its old buttons work', async () => {
    const drawTs = fake.nextTs();
    await postEvent(
      a,
      appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a blue boat --seed 2', ts: drawTs }),
      `Ev-boat-${drawTs}`,
    );
    const finished = await finalReply(drawTs);

    const { ts, running, jobId } = await heavyJob(a, photo);
    // Where its reply lives is journaled (else the job is told in a new message in the thread).
    const reader = await sharedJournal();
    try {
      await until(async () => {
        const reply = (await reader.journal.get(jobId))?.reply;
        return reply?.platform === 'slack' && reply.ts === running.ts ? true : undefined;
      }, "the reply's place in the journal");
    } finally {
      await reader.close();
    }
    await a.process.kill9();
    // B's next look for orphans finds A's heartbeat naming a pid that is gone, and takes the job over: the worker
    // still runs it (or finished it, its result kept), so the reply ends with its result, not "interrupted".
    const final = await finalReply(ts);
    expect(final.ts).toBe(running.ts);
    expect(actionId(final, 'cancel')).toBeUndefined();
    await waitFor(() => logs(b).includes('jobs of a stopped bot taken over'), "B's log line for the job it took");
    const interrupted = formatMessage('interrupted', 'en');
    const told = () =>
      fake.callsOf('chat.update').filter((c) => c.args.ts === running.ts && String(c.args.text).includes(interrupted));
    expect(told()).toHaveLength(0);
    // The final image is shared into the thread, as for any job.
    await waitFor(
      () => fake.callsOf('files.completeUploadExternal').some((c) => String(c.args.thread_ts) === ts),
      'the final image shared into the thread',
    );

    const again = await startReplica('a2', a.port);
    const shared = await sharedJournal();
    try {
      await until(
        async () => ((await shared.journal.get(jobId))?.state === 'done' ? true : undefined),
        'the job done in the journal',
      );
    } finally {
      await shared.close();
    }
    const reroll = actionId(finished, 'reroll') ?? '';
    await press(again, finished, reroll);
    await waitFor(
      () => {
        const posts = fake.messages.filter((m) => m.channel === CHANNEL && m.thread_ts === drawTs && m.blocks);
        return posts.length > 1 && /Done in/.test(blockText(posts.at(-1)?.blocks)) ? true : undefined;
      },
      'the Reroll on the restarted replica',
      120_000,
    );
    // Neither the restarted replica nor B told it interrupted later.
    expect(told()).toHaveLength(0);
  }, 240_000);
});
