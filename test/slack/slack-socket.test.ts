// End to end in Socket Mode: apps.connections.open on SLACK_API_URL, envelopes over the fake's
// WebSocket, acks read back; the same pipeline and engine as HTTP mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { makeSign } from '../fixtures/text-images.js';
import {
  APP_TOKEN,
  ALICE,
  CHANNEL,
  TEAM,
  blockText,
  silent,
  startHarness,
  testConfig,
  waitFor,
  type SlackHarness,
} from '../fakes/slack/harness.js';
import { appMention, blockAction, eventCallback, slashCommand } from '../fakes/slack/slack-requests.js';

let runtime: Runtime;
let h: SlackHarness;

beforeAll(async () => {
  runtime = await startRuntime(testConfig(), silent);
  h = await startHarness(runtime, 'socket');
});
afterAll(async () => {
  await h?.close();
  await runtime?.close();
});

describe('Slack adapter, Socket Mode', () => {
  it('connects through apps.connections.open on the configured API URL with the app token', () => {
    const open = h.fake.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    expect(h.fake.socketCount).toBe(1);
  });

  it('acks an events_api envelope and answers the mention in its thread', async () => {
    const sign = await makeSign(640, 480);
    const file = h.fake.hostFile('sign.png', sign.png, 'image/png');
    const ts = h.fake.nextTs();
    const ack = h.fake.sendEnvelope(
      'events_api',
      eventCallback(
        TEAM,
        appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }),
      ),
      { retry_attempt: 0 },
    );
    await ack;
    const reply = await waitFor(() => {
      const m = h.fake.messages.find((x) => x.thread_ts === ts && x.blocks);
      return m && /Done in/.test(blockText(m.blocks)) ? m : undefined;
    }, 'final reply');
    expect(blockText(reply.blocks)).toContain('EXIT');
    expect(h.fake.messages.some((m) => m.thread_ts === ts && m.files)).toBe(true);

    // A redelivery of the same event id is acked but not answered again.
    await h.fake.sendEnvelope(
      'events_api',
      eventCallback(
        TEAM,
        appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }),
        'EvDUP',
      ),
      { retry_attempt: 0 },
    );
    await h.fake.sendEnvelope(
      'events_api',
      eventCallback(
        TEAM,
        appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> read the text', ts, files: [file] }),
        'EvDUP',
      ),
      { retry_attempt: 1, retry_reason: 'timeout' },
    );
    await waitFor(
      () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts).length === 2,
      'one more reply',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(2);
  });

  it('acks a slash command envelope and draws; a button press is acked and dispatched', async () => {
    const before = h.fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts).length;
    await h.fake.sendEnvelope(
      'slash_commands',
      slashCommand({
        team: TEAM,
        channel: CHANNEL,
        user: ALICE,
        text: 'a paper boat',
        responseUrl: `${h.fake.base}/response/s1`,
      }),
    );
    const reply = await waitFor(() => {
      const tops = h.fake.messages.filter((m) => m.channel === CHANNEL && !m.thread_ts && m.user === 'U0BOT');
      const m = tops.length > before ? tops.at(-1) : undefined;
      return m && /Done in/.test(blockText(m.blocks)) ? m : undefined;
    }, 'imagine result');
    const del = (reply.blocks ?? [])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id))
      .find((id) => id.startsWith('scanline:delete:'));
    expect(del).toBeDefined();
    await h.fake.sendEnvelope(
      'interactive',
      blockAction({
        team: TEAM,
        channel: CHANNEL,
        user: ALICE,
        message: { ...reply },
        actionId: del as string,
        responseUrl: `${h.fake.base}/response/s2`,
      }),
    );
    await waitFor(() => !h.fake.message(CHANNEL, reply.ts), 'deleted reply');
  });
});
