// End to end in HTTP mode: the real Bolt app (signed requests at /slack/events) against FakeSlack,
// the real pipeline and engine (OCR on a rendered sign, generation with the tiny Janus pack).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { ScanlineMetrics } from '../../src/pipeline/index.js';
import { makeSign } from '../fixtures/text-images.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import {
  ALICE,
  BOB,
  CHANNEL,
  DM,
  SIGNING_SECRET,
  TEAM,
  blockText,
  silent,
  startHarness,
  testConfig,
  waitFor,
  type SlackHarness,
} from '../fakes/slack/harness.js';
import {
  appMention,
  blockAction,
  channelMessage,
  eventCallback,
  imMessage,
  interactionForm,
  messageShortcut,
  postSigned,
  slashCommand,
  viewSubmission,
} from '../fakes/slack/slack-requests.js';

let runtime: Runtime;
const metrics = new ScanlineMetrics({ processMetrics: false });
/** One counter of the metrics, e.g. `scanline_platform_rate_limited_total{platform="slack"}` (0 before its first count). */
async function counter(series: string): Promise<number> {
  const line = (await metrics.text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
let h: SlackHarness;
let sign: Awaited<ReturnType<typeof makeSign>>;

beforeAll(async () => {
  runtime = await startRuntime(testConfig(), silent, { journal: 'memory', metrics });
  h = await startHarness(runtime, 'http');
  sign = await makeSign(640, 480);
});
afterAll(async () => {
  await h?.close();
  await runtime?.close();
});

const postEvent = (event: Record<string, unknown>, extra: { eventId?: string; retryNum?: number } = {}) =>
  postSigned(h.eventsUrl, JSON.stringify(eventCallback(TEAM, event, extra.eventId)), {
    secret: SIGNING_SECRET,
    ...(extra.retryNum !== undefined ? { retryNum: extra.retryNum } : {}),
  });

const postInteraction = (payload: Record<string, unknown>) =>
  postSigned(h.eventsUrl, interactionForm(payload), { secret: SIGNING_SECRET, contentType: 'form' });

/** The bot's reply in a thread (the first message it posted there). */
const replyIn = (channel: string, thread: string): FakeMessage | undefined =>
  h.fake.messages.find((m) => m.channel === channel && m.thread_ts === thread && m.blocks);

const isFinished = (m: FakeMessage | undefined) =>
  m && !/Queued|Working|%/.test(blockText(m.blocks).split('\n')[0] ?? '');

/** Waits until the reply in the thread shows a final state; returns it. */
const finalReply = (channel: string, thread: string) =>
  waitFor(() => {
    const m = replyIn(channel, thread);
    return isFinished(m) ? m : undefined;
  }, `final reply in ${thread}`);

const actionIds = (m: FakeMessage) =>
  (m.blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));

describe('Slack adapter, HTTP mode', () => {
  it('reads the text of an image attached to a mention: threaded reply at once, final image shared in the thread', async () => {
    const file = h.fake.hostFile('sign.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    const res = await postEvent(
      appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }),
    );
    expect(res.status).toBe(200);
    const reply = await finalReply(CHANNEL, ts);
    const text = blockText(reply.blocks);
    expect(text).toMatch(/Done in/);
    expect(text).toContain('EXIT');
    expect(actionIds(reply).some((id) => id.startsWith('scanline:delete:'))).toBe(true);
    const firstPost = h.fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === ts);
    expect(String(firstPost?.args.text)).toMatch(/Queued: position 1/);
    expect(h.fake.downloads).toContain(file.id);
    const shared = h.fake.messages.find((m) => m.channel === CHANNEL && m.thread_ts === ts && m.files);
    expect(shared?.files?.[0]?.mimetype).toBe('image/png');
    expect(h.fake.fileShared(shared?.files?.[0]?.id ?? '')).toBe(true);
  });

  it('generates from a mention with preview frames and a final image', async () => {
    const ts = h.fake.nextTs();
    await postEvent(appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a red apple --seed 7', ts }));
    const reply = await finalReply(CHANNEL, ts);
    expect(blockText(reply.blocks)).toMatch(/Done in/);
    const frames = h.fake
      .callsOf('chat.update')
      .filter((c) => c.args.ts === reply.ts && Array.isArray(c.args.blocks))
      .map((c) => (c.args.blocks as Record<string, unknown>[]).find((b) => b.type === 'image'))
      .filter((b): b is Record<string, unknown> => b !== undefined);
    expect(new Set(frames.map((b) => b.block_id)).size).toBe(frames.length);
    // How many previews get in before the final depends on the machine's load (the tiny pack draws in ~0.4 s and
    // the newest frame wins); the presenter's pacing is tested on a fake clock in reply-presenter.test.ts.
    const finalImage = reply.blocks?.find((b) => b.type === 'image');
    const previews = frames.filter((b) => b.block_id !== finalImage?.block_id);
    expect(previews.length, `${previews.length} preview frames`).toBeGreaterThanOrEqual(1);
    // Frames were uploaded without a channel: only the final was shared into the thread.
    const shared = h.fake.messages.filter((m) => m.thread_ts === ts && m.files);
    expect(shared).toHaveLength(1);
    expect(actionIds(reply).some((id) => id.startsWith('scanline:reroll:'))).toBe(true);
  });

  it('edits an image sent in a DM and answers in the thread of that DM', async () => {
    const file = h.fake.hostFile('photo.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    await postEvent(imMessage({ channel: DM, user: ALICE, text: 'make it black and white', ts, files: [file] }));
    const reply = await finalReply(DM, ts);
    expect(blockText(reply.blocks)).toMatch(/Done in/);
    const shared = h.fake.messages.find((m) => m.channel === DM && m.thread_ts === ts && m.files);
    expect(shared).toBeDefined();
  });

  it('says plainly when Slack answers a web page instead of the file (no permission)', async () => {
    const file = h.fake.hostFile('secret.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    const missing = {
      ...file,
      url_private: file.url_private.replace(file.id, 'F404'),
      url_private_download: undefined,
    };
    await postEvent(imMessage({ channel: DM, user: ALICE, text: 'read the text', ts, files: [missing] as never }));
    const reply = await finalReply(DM, ts);
    expect(blockText(reply.blocks)).toMatch(/permission/);
  });

  it('refuses files from hosts outside Slack', async () => {
    const ts = h.fake.nextTs();
    const file = { id: 'FEVIL', name: 'x.png', mimetype: 'image/png', url_private: 'https://evil.example/x.png' };
    await postEvent(imMessage({ channel: DM, user: ALICE, text: 'read the text', ts, files: [file] as never }));
    const reply = await finalReply(DM, ts);
    expect(blockText(reply.blocks)).toContain('evil.example');
  });

  it('continues from the last image in the thread when its starter replies without a mention', async () => {
    const file = h.fake.hostFile('sign2.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    await postEvent(appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }));
    await finalReply(CHANNEL, ts);
    const firstFinal = h.fake.messages.find((m) => m.thread_ts === ts && m.files)?.files?.[0];
    expect(firstFinal).toBeDefined();
    const followTs = h.fake.nextTs();
    h.fake.addMessage({ channel: CHANNEL, thread_ts: ts, user: ALICE, text: 'now read the text again', ts: followTs });
    await postEvent(
      channelMessage({ channel: CHANNEL, user: ALICE, text: 'now read the text again', ts: followTs, thread_ts: ts }),
    );
    await waitFor(
      () => h.fake.messages.filter((m) => m.thread_ts === ts && m.files).length === 2,
      'second final image',
    );
    expect(h.fake.downloads).toContain(firstFinal?.id);
    // Someone else in the thread needs to mention the bot.
    const before = h.fake.callsOf('chat.postMessage').length;
    await postEvent(channelMessage({ channel: CHANNEL, user: BOB, text: 'nice', ts: h.fake.nextTs(), thread_ts: ts }));
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsOf('chat.postMessage').length).toBe(before);
  });

  it('still follows up in its threads after a restart (threads come back from the job journal)', async () => {
    const file = h.fake.hostFile('sign3.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    await postEvent(appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }));
    await finalReply(CHANNEL, ts);
    await h.restart();
    const followTs = h.fake.nextTs();
    h.fake.addMessage({ channel: CHANNEL, thread_ts: ts, user: ALICE, text: 'read it once more', ts: followTs });
    await postEvent(
      channelMessage({ channel: CHANNEL, user: ALICE, text: 'read it once more', ts: followTs, thread_ts: ts }),
    );
    await waitFor(
      () => h.fake.messages.filter((m) => m.thread_ts === ts && m.files).length === 2,
      'a second final image after the restart',
    );
  });

  it('answers a retried event once', async () => {
    const ts = h.fake.nextTs();
    const event = appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts });
    await postEvent(event, { eventId: 'EvRETRY1' });
    await postEvent(event, { eventId: 'EvRETRY1', retryNum: 1 });
    await finalReply(CHANNEL, ts);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('rejects a bad signature and a replayed (6-minute-old) request', async () => {
    const ts = h.fake.nextTs();
    const body = JSON.stringify(
      eventCallback(TEAM, appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts })),
    );
    const forged = await postSigned(h.eventsUrl, body, { secret: SIGNING_SECRET, signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const old = await postSigned(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 360,
    });
    expect(old.status).toBe(401);
    const fresh = await postSigned(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 240,
    });
    expect(fresh.status).toBe(200);
    await finalReply(CHANNEL, ts);
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('/imagine acks at once and draws in the channel; help is ephemeral and in the user locale', async () => {
    const form = (text: string, user = ALICE) =>
      new URLSearchParams(
        slashCommand({
          team: TEAM,
          channel: CHANNEL,
          user,
          text,
          responseUrl: `${h.fake.base}/response/r${text.length}`,
        }),
      ).toString();
    const res = await postSigned(h.eventsUrl, form('a lighthouse at dusk --ar 16:9'), {
      secret: SIGNING_SECRET,
      contentType: 'form',
    });
    expect(res.status).toBe(200);
    const top = await waitFor(
      () => h.fake.messages.find((m) => m.channel === CHANNEL && !m.thread_ts && m.user === 'U0BOT'),
      'top-level reply',
    );
    const replyTs = top.ts;
    const first = h.fake
      .callsOf('chat.postMessage')
      .find((c) => c.args.channel === CHANNEL && c.args.thread_ts === undefined);
    expect(String(first?.args.text)).toMatch(/Queued: position 1/);
    await waitFor(() => {
      const m = h.fake.messages.find((x) => x.ts === replyTs);
      return m && /Done in/.test(blockText(m.blocks));
    }, 'imagine result');
    expect(h.fake.messages.some((m) => m.thread_ts === replyTs && m.files)).toBe(true);

    await postSigned(h.eventsUrl, form('help', BOB), { secret: SIGNING_SECRET, contentType: 'form' });
    const help = await waitFor(() => h.fake.responses.find((r) => r.id === 'r4'), 'help response');
    expect(JSON.stringify(help.body)).toContain('斜杠命令');
  });

  it('edits through the message shortcut and its modal', async () => {
    const file = h.fake.hostFile('poster.png', sign.png, 'image/png');
    const message = h.fake.addMessage({ channel: CHANNEL, user: BOB, text: 'look', files: [file] });
    const res = await postInteraction(
      messageShortcut({
        team: TEAM,
        channel: CHANNEL,
        user: ALICE,
        message: { ...message },
        responseUrl: `${h.fake.base}/response/sc`,
      }),
    );
    expect(res.status).toBe(200);
    const open = await waitFor(() => h.fake.callsOf('views.open').at(-1), 'views.open');
    const view = open.args.view as Record<string, unknown>;
    expect(view.callback_id).toBe('scanline_edit_modal');
    const submitted = await postInteraction(
      viewSubmission({ team: TEAM, user: ALICE, view, instruction: 'read the text' }),
    );
    expect(submitted.status).toBe(200);
    const reply = await finalReply(CHANNEL, message.ts);
    expect(blockText(reply.blocks)).toContain('EXIT');
  });

  it('dispatches buttons: Edit opens a modal, a stranger is refused Delete, the requester deletes', async () => {
    const file = h.fake.hostFile('sign3.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    await postEvent(
      appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> make it black and white', ts, files: [file] }),
    );
    const reply = await finalReply(CHANNEL, ts);
    const ids = actionIds(reply);
    const press = (actionId: string, user: string) =>
      postInteraction(
        blockAction({
          team: TEAM,
          channel: CHANNEL,
          user,
          message: { ...reply },
          actionId,
          responseUrl: `${h.fake.base}/response/b`,
        }),
      );

    const opens = h.fake.callsOf('views.open').length;
    await press(ids.find((id) => id.startsWith('scanline:edit:')) as string, ALICE);
    await waitFor(() => h.fake.callsOf('views.open').length > opens, 'edit modal');

    const del = ids.find((id) => id.startsWith('scanline:delete:')) as string;
    await press(del, BOB);
    const refusal = await waitFor(
      () => h.fake.callsOf('chat.postEphemeral').find((c) => c.args.user === BOB),
      'refusal',
    );
    expect(String(refusal.args.text)).toMatch(/只有发起请求的人/);
    expect(h.fake.message(CHANNEL, reply.ts)).toBeDefined();

    await press(del, ALICE);
    await waitFor(() => !h.fake.message(CHANNEL, reply.ts), 'deleted reply');
  });

  it('keeps the final result when chat.update answers 429 (and counts the 429s)', async () => {
    const limited = await counter('scanline_platform_rate_limited_total{platform="slack"}');
    h.fake.rateLimit('chat.update', 2, 1);
    const ts = h.fake.nextTs();
    await postEvent(appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a small boat --seed 3', ts }));
    const reply = await finalReply(CHANNEL, ts);
    expect(blockText(reply.blocks)).toMatch(/Done in/);
    expect(h.fake.throttled.filter((m) => m === 'chat.update')).toHaveLength(2);
    expect(h.fake.messages.some((m) => m.thread_ts === ts && m.files)).toBe(true);
    const updates = h.fake.callsOf('chat.update').filter((c) => c.args.ts === reply.ts);
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(blockText(updates.at(-1)?.args.blocks as never)).toMatch(/Done in/);
    expect((await counter('scanline_platform_rate_limited_total{platform="slack"}')) - limited).toBe(2);
  });

  it('tells interrupted jobs after a restart', async () => {
    const ts = h.fake.nextTs();
    const reply = h.fake.addMessage({ channel: CHANNEL, thread_ts: ts, user: 'U0BOT', text: 'Queued', blocks: [] });
    await runtime.pipeline.journal.put({
      id: 'job-interrupted-1',
      state: 'running',
      from: { platform: 'slack', userId: ALICE, channelId: CHANNEL, isDM: false },
      text: 'draw',
      params: {},
      images: [],
      plan: { task: 'generate', prompt: 'x', steps: [], params: {}, locale: 'zh', hints: [] },
      reply: { platform: 'slack', channel: CHANNEL, ts: reply.ts, team: TEAM },
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    const second = await startHarnessOn(h);
    try {
      await waitFor(() => /机器人重启/.test(h.fake.message(CHANNEL, reply.ts)?.text ?? ''), 'interrupted sentence');
    } finally {
      await second.close();
    }
  });
});

/** A second adapter on the same fake (a restart). */
async function startHarnessOn(harness: SlackHarness) {
  const { startSlackAdapter } = await import('../../src/adapters/slack/index.js');
  return startSlackAdapter(
    runtime,
    testConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-bot-token-0000',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: harness.fake.apiUrl,
      SCANLINE_ATTACHMENT_HOSTS: harness.fake.host,
    }),
    silent,
    { listen: { port: 0, host: '127.0.0.1' } },
  );
}
