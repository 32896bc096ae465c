// Fault suite, issue 11 finding 2: a finished job's final result must land on the platform through
// 5xx bursts, 429 storms, deleted replies and dropped event streams. The real Discord adapter
// (discord.js), Slack adapter (Bolt) and playground talk to their fakes; the engine is replaced by
// a gated task so each fault can be injected exactly between "reply opened" and "final".
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/index.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import type { FinalRetryPolicy } from '../../src/pipeline/reply-presenter.js';
import { Scheduler } from '../../src/pipeline/scheduler/scheduler.js';
import type { TaskHandler } from '../../src/pipeline/tasks/task-handler.js';
import type { EncodedImage } from '../../src/pipeline/types.js';
import { makeSign } from '../fixtures/text-images.js';
import { FakeDiscord, type StoredMessage } from '../fakes/fake-discord.js';
import {
  FAST,
  editsOf,
  isFinal,
  makeConfig,
  silentLog,
  waitForOriginal,
  waitForReplyTo,
} from '../fakes/discord/adapter-harness.js';
import type { SlackAdapter } from '../../src/adapters/slack/index.js';
import type { Playground } from '../../src/adapters/web/index.js';
import { FakeSlack, type FakeMessage } from '../fakes/fake-slack.js';
import { ALICE, CHANNEL, SIGNING_SECRET, TEAM, blockText, startHarness, waitFor } from '../fakes/slack/harness.js';
import { appMention, eventCallback, postSigned } from '../fakes/slack/slack-requests.js';
import { startPlaygroundOn } from '../web/playground-fixture.js';
import { PlaygroundClient } from '../web/playground-client.js';
import { fault } from './fault-table.js';

/** The production policy's shape, 5x faster: 200 ms doubling to 2 s, new reply after 60 s, give up after 2 min. */
const TEST_RETRY: FinalRetryPolicy = { baseMs: 200, maxWaitMs: 2000, giveUpAfterMs: 120_000, repostAfterMs: 60_000 };

/** Warnings the pipeline logs (the "final reply needed retries" lines), as objects. */
const logged: Record<string, unknown>[] = [];
const log = pino(
  { level: 'warn' },
  {
    write(line: string) {
      logged.push(JSON.parse(line) as Record<string, unknown>);
    },
  },
);

/**
 * A task that reports one progress step, then waits until the test releases it, then returns
 * one PNG: the fault goes in while the reply shows "running".
 */
class GatedTask implements TaskHandler {
  readonly needsImage = false;
  private waiting: (() => void)[] = [];
  private arrived: (() => void)[] = [];
  constructor(private readonly result: EncodedImage) {}

  async run(ctx: Parameters<TaskHandler['run']>[0]) {
    ctx.progress({ fraction: 0.5 });
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      for (const tell of this.arrived.splice(0)) tell();
    });
    return { images: [this.result], timingsMs: {} };
  }

  /** Resolves once a job waits at the gate. */
  atGate(): Promise<void> {
    if (this.waiting.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.arrived.push(resolve));
  }

  release(): void {
    for (const go of this.waiting.splice(0)) go();
  }
}

let task: GatedTask;
let pipeline: Pipeline;
let scheduler: Scheduler;
const runtime = () => ({
  pipeline,
  engine: { packs: async () => ({ provider: 'cpu', packs: [] }) },
});

beforeAll(async () => {
  const sign = await makeSign(200, 150);
  task = new GatedTask({ data: sign.png, mime: 'image/png', width: 200, height: 150, name: 'result.png' });
  scheduler = new Scheduler({ concurrency: 2, caps: { perUser: 10, perChannel: 10, global: 20 } });
  pipeline = new Pipeline({
    engine: { run: () => Promise.reject(new Error('no engine in the fault suite')) },
    scheduler,
    maxPixels: 4096 * 4096,
    log,
    handlers: { generate: task },
    finalRetry: TEST_RETRY,
  });
});

afterAll(async () => {
  await pipeline.interruptAll();
  await scheduler.close();
});

const retryLines = () => logged.filter((l) => l.msg === 'final reply needed retries');

describe('Discord finals under server errors', () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  let dataDir: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ bucket: { limit: 5, windowMs: 500 } });
    dataDir = await mkdtemp(join(tmpdir(), 'scanline-faults-'));
    adapter = await startDiscordAdapter(runtime(), await makeConfig(fake, dataDir), silentLog, FAST);
  });

  afterAll(async () => {
    await adapter?.close();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Asks for a drawing; resolves with the reply once it is posted and the job waits at the gate. */
  async function ask(): Promise<StoredMessage> {
    const asked = fake.postMessage({ author: fake.alice, content: 'draw a cat', mentionBot: true });
    const reply = await waitForReplyTo(fake, asked);
    await task.atGate();
    // The progress step's edit has landed: the reply says "running".
    await fake.waitFor(() => fake.message(reply.id)?.content.includes('%'), 'the running status');
    return reply;
  }

  /** The bot's final reply to the same request (this one or a new one), with its image. */
  function finalFor(reply: StoredMessage, timeoutMs = 60_000): Promise<StoredMessage> {
    return fake.waitFor(
      () =>
        fake
          .botMessages(reply.channelId)
          .find((m) => isFinal(m) && m.reference?.messageId === reply.reference?.messageId && m.attachments.length > 0),
      'the final with its image',
      timeoutMs,
    );
  }

  /** What a test asserts for every landed final: the PNG, Done, no Cancel, no reply left saying queued/running. */
  function expectLanded(final: StoredMessage, reply: StoredMessage): void {
    expect(final.attachments.map((a) => a.contentType)).toEqual(['image/png']);
    expect(final.content).not.toMatch(/Queued|%/);
    const stale = fake
      .botMessages(reply.channelId)
      .filter((m) => m.reference?.messageId === reply.reference?.messageId && !isFinal(m));
    expect(stale).toEqual([]);
  }

  fault(
    'F2 Discord: 500 on every message edit for 10 s after the reply opened',
    'the final image lands on the same reply once Discord recovers; one log line with the job id',
    async (observe) => {
      const reply = await ask();
      const before = retryLines().length;
      const since = fake.requests.length;
      fake.serverErrors.during('edit', 10_000);
      task.release();
      const final = await finalFor(reply);
      expectLanded(final, reply);
      expect(final.id).toBe(reply.id);
      const edits = editsOf(fake, reply.id).filter((r) => fake.requests.indexOf(r) >= since);
      const failed = edits.filter((r) => r.status === 500).length;
      expect(failed).toBeGreaterThan(0);
      // The log line follows the response to the edit that landed.
      await fake.waitFor(() => retryLines().length > before, 'the retry log line');
      const lines = retryLines().slice(before);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.job).toEqual(expect.any(String));
      observe(
        `${failed} edits answered 500 (discord.js retries each 3x at once); final landed on the same reply at attempt ${String(lines[0]?.attempts)}; 1 log line`,
      );
    },
    60_000,
  );

  fault(
    'F2 Discord: the next 20 edits answer 500 in a row',
    'the final image lands on the same reply',
    async (observe) => {
      const reply = await ask();
      const since = fake.requests.length;
      fake.serverErrors.next('edit', 20);
      task.release();
      const final = await finalFor(reply);
      expectLanded(final, reply);
      const failed = editsOf(fake, reply.id).filter((r) => fake.requests.indexOf(r) >= since && r.status === 500);
      expect(failed).toHaveLength(20);
      observe(`20 edits answered 500, then the final landed on reply ${final.id === reply.id ? 'the same' : 'a new'}`);
    },
    60_000,
  );

  fault(
    'F2 Discord: reply deleted (no gateway event) just before the final',
    'the final is posted as a new reply to the request; the job is not lost',
    async (observe) => {
      const reply = await ask();
      fake.deleteMessage(reply.id, { silent: true });
      task.release();
      const final = await finalFor(reply);
      expectLanded(final, reply);
      expect(final.id).not.toBe(reply.id);
      const unknown = editsOf(fake, reply.id).filter((r) => r.status === 404).length;
      observe(`${unknown} edit met 10008 Unknown Message; final posted as a new reply to the request`);
    },
    60_000,
  );

  fault(
    'F2 Discord: reply deleted (no gateway event) while its final is retried through 500s',
    'the final is posted as a new reply once an edit meets 10008 Unknown Message',
    async (observe) => {
      const reply = await ask();
      fake.serverErrors.next('edit', 8);
      task.release();
      await fake.waitFor(
        () => editsOf(fake, reply.id).some((r) => r.status === 500 && r.files.length > 0),
        'a final edit to fail',
      );
      fake.deleteMessage(reply.id, { silent: true });
      const final = await finalFor(reply);
      expectLanded(final, reply);
      expect(final.id).not.toBe(reply.id);
      const statuses = editsOf(fake, reply.id)
        .filter((r) => r.files.length > 0)
        .map((r) => r.status);
      expect(statuses.at(-1)).toBe(404);
      observe(
        `final edits answered ${statuses.filter((s) => s === 500).length}x 500 then 10008; final posted as a new reply to the request`,
      );
    },
    60_000,
  );

  fault(
    'F2 Discord: /imagine reply deleted (no gateway event) just before the final',
    'the final is posted as a new channel message; the job is not lost',
    async (observe) => {
      const interaction = fake.slashCommand('imagine', { prompt: 'a cat' });
      const original = await waitForOriginal(fake, interaction.id);
      await task.atGate();
      await fake.waitFor(() => fake.message(original.id)?.content.includes('%'), 'the running status');
      const before = new Set(fake.botMessages().map((m) => m.id));
      fake.deleteMessage(original.id, { silent: true });
      task.release();
      const final = await fake.waitFor(
        () => fake.botMessages().find((m) => !before.has(m.id) && isFinal(m) && m.attachments.length > 0),
        'the final as a new message',
      );
      expect(final.attachments.map((a) => a.contentType)).toEqual(['image/png']);
      observe('the bot-token edit met 10008; final posted as a new channel message with the PNG');
    },
    60_000,
  );

  fault(
    'F2 Discord: uploads answer 500 (the next 8 requests with files)',
    'the final image lands',
    async (observe) => {
      const reply = await ask();
      const since = fake.requests.length;
      fake.serverErrors.next('upload', 8);
      task.release();
      const final = await finalFor(reply);
      expectLanded(final, reply);
      const failed = fake.requests.slice(since).filter((r) => r.status === 500 && r.files.length > 0);
      expect(failed).toHaveLength(8);
      observe(`8 uploads answered 500, then the PNG landed`);
    },
    60_000,
  );

  fault(
    'F2 Discord: 429 storm on edits (15 in a row, Retry-After 0.2 s)',
    'Retry-After is honoured and the final image lands',
    async (observe) => {
      const reply = await ask();
      const since = fake.requests.length;
      fake.limits.startStorm(15, 0.2);
      task.release();
      const final = await finalFor(reply);
      expectLanded(final, reply);
      const refused = fake.requests.slice(since).filter((r) => r.status === 429).length;
      expect(refused).toBe(15);
      observe(`${refused} requests answered 429, then the final landed on the same reply`);
    },
    60_000,
  );
});

describe('Slack finals under server errors', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let eventsUrl: string;

  beforeAll(async () => {
    const harness = await startHarness(
      runtime(),
      'http',
      {},
      { timings: { minIntervalMs: 30, invalidBlocksRetryMs: 30 } },
    );
    ({ fake, adapter, eventsUrl } = harness);
  });

  afterAll(async () => {
    await adapter?.close();
    await fake?.close();
  });

  const replyIn = (thread: string): FakeMessage | undefined =>
    fake.messages.find((m) => m.channel === CHANNEL && m.thread_ts === thread && m.blocks);
  const status = (m: FakeMessage | undefined) => blockText(m?.blocks).split('\n')[0] ?? '';

  /** Mentions the bot; resolves with the thread once the reply says "running" and the job waits at the gate. */
  async function ask(): Promise<string> {
    const ts = fake.nextTs();
    const event = appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a cat', ts });
    const res = await postSigned(eventsUrl, JSON.stringify(eventCallback(TEAM, event)), { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await task.atGate();
    await waitFor(() => status(replyIn(ts)).includes('%'), 'the running status');
    return ts;
  }

  /** The thread's reply in a final state and the PNG shared into the thread. */
  async function landed(thread: string): Promise<FakeMessage> {
    const reply = await waitFor(
      () => {
        const m = replyIn(thread);
        const shared = fake.messages.some(
          (f) => f.thread_ts === thread && f.files?.some((file) => file.mimetype === 'image/png'),
        );
        return m && shared && !/Queued|%/.test(status(m)) && blockText(m.blocks).includes('below') ? m : undefined;
      },
      'the final reply and its image',
      60_000,
    );
    const stale = fake.messages.filter((m) => m.thread_ts === thread && m.blocks && /Queued|%/.test(status(m)));
    expect(stale).toEqual([]);
    return reply;
  }

  fault(
    'F2 Slack: chat.update answers 500 for 6 s once the reply shows progress',
    'the final lands on the reply, its image in the thread',
    async (observe) => {
      const thread = await ask();
      const before = fake.serverErrored.length;
      fake.serverError('chat.update', { forMs: 6000 });
      task.release();
      await landed(thread);
      const failed = fake.serverErrored.slice(before).filter((m) => m === 'chat.update').length;
      expect(failed).toBeGreaterThan(0);
      observe(`${failed} chat.update calls answered 500 (WebClient retries each twice); final landed`);
    },
    60_000,
  );

  fault(
    'F2 Slack: file uploads fail with 5xx (4 upload POSTs 503, 2 completeUploadExternal 500)',
    'the final image is shared into the thread once uploads work again, once',
    async (observe) => {
      const thread = await ask();
      const before = fake.serverErrored.length;
      fake.serverError('upload', { times: 4, status: 503 });
      fake.serverError('files.completeUploadExternal', { times: 2 });
      task.release();
      await landed(thread);
      const failed = fake.serverErrored.length - before;
      expect(failed).toBe(6);
      const shared = fake.messages.filter((m) => m.thread_ts === thread && m.files?.length);
      expect(shared).toHaveLength(1);
      observe(`${failed} upload calls answered 5xx; the PNG was shared once and the reply says done`);
    },
    60_000,
  );

  fault(
    'F2 Slack: 429 storm on chat.update (6 in a row, Retry-After 1 s)',
    'Retry-After is honoured and the final lands',
    async (observe) => {
      const thread = await ask();
      const before = fake.throttled.length;
      fake.rateLimit('chat.update', 6, 1);
      task.release();
      await landed(thread);
      const refused = fake.throttled.length - before;
      expect(refused).toBe(6);
      observe(`${refused} chat.update calls answered 429; final landed`);
    },
    60_000,
  );

  fault(
    'F2 Slack: reply deleted before the final',
    'the final is posted as a new reply in the thread',
    async (observe) => {
      const thread = await ask();
      const old = replyIn(thread);
      fake.messages.splice(fake.messages.indexOf(old as FakeMessage), 1);
      task.release();
      const reply = await landed(thread);
      expect(reply.ts).not.toBe(old?.ts);
      observe('chat.update met message_not_found; final posted as a new reply in the thread');
    },
    60_000,
  );
});

describe('Playground finals', () => {
  let playground: Playground;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ playground, close: stop } = await startPlaygroundOn(runtime()));
  });

  afterAll(async () => {
    await stop?.();
  });

  fault(
    'F2 playground: the event stream drops while the job runs',
    'the final and its image are there when the page reconnects',
    async (observe) => {
      const client = new PlaygroundClient(playground.url);
      await client.fetch('/');
      const stream = await client.events();
      const jobId = await client.submit({ text: 'draw a cat' });
      await task.atGate();
      await stream.waitFor((e) => e.type === 'view' && e.view.jobId === jobId && e.view.state === 'running');
      stream.close();
      task.release();
      await waitFor(() => pipeline.activeJobs === 0, 'the job to finish');
      const again = await client.events();
      const final = await again.end(jobId);
      again.close();
      expect(final.state).toBe('done');
      const url = final.images[0]?.url ?? '';
      const file = await client.fetch(url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      observe('stream closed while running; the reconnected stream replayed the done view and its PNG was served');
    },
    60_000,
  );
});
