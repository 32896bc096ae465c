// End to end: rate-limit storms, deleted replies, expired interaction tokens,
// gateway resumes, restarts with unfinished jobs, and a missing MessageContent intent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { FileJobJournal } from '../../src/pipeline/job-journal.js';
import { startDiscordAdapter } from '../../src/adapters/discord/index.js';
import { route } from '../../src/pipeline/router/index.js';
import type { ReplyLocation } from '../../src/pipeline/types.js';
import { makeSign } from '../fixtures/text-images.js';
import { FakeDiscord, INTENT, type StoredAttachment, type StoredMessage } from '../fakes/fake-discord.js';
import {
  FAST,
  editsOf,
  makeConfig,
  silentLog,
  startHarness,
  waitForFinal,
  waitForOriginal,
  waitForReplyTo,
  type Harness,
} from '../fakes/discord/adapter-harness.js';

let h: Harness;
let sign: StoredAttachment;
let bigSign: StoredAttachment;
let interrupted: StoredMessage;

beforeAll(async () => {
  h = await startHarness({
    // A "previous process" left a running job in the journal, whose reply is a bot message.
    beforeRuntime: async (dataDir, fake) => {
      interrupted = fake.postMessage({ author: fake.bot, content: 'Drawing: 40%' });
      const journal = await FileJobJournal.open(join(dataDir, 'jobs.jsonl'));
      const from = { platform: 'discord' as const, userId: fake.alice.id, channelId: fake.channel.id, isDM: false };
      const request = { id: 'r', from, text: '画一只猫', images: [], params: {}, receivedAt: Date.now() };
      await journal.put({
        id: 'job-before-restart',
        state: 'running',
        from,
        text: request.text,
        params: {},
        images: [],
        plan: route(request),
        // Written before replies were typed (no platform): the journal upgrades it on reading.
        reply: { channelId: fake.channel.id, messageId: interrupted.id } as unknown as ReplyLocation,
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
    },
  });
  sign = h.fake.hostFile('sign.png', (await makeSign()).png, 'image/png');
  bigSign = h.fake.hostFile('big.png', (await makeSign(2000, 1500)).png, 'image/png');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('Discord resilience', () => {
  it('tells the reply of a job interrupted by a restart', async () => {
    const told = await h.fake.waitFor(() => {
      const m = h.fake.message(interrupted.id);
      return m?.content.includes('重启') ? m : undefined;
    }, 'the interrupted note');
    expect(told.content).toBe('机器人重启，此请求已中断。请重新发送。');
    expect(await h.runtime.pipeline.record('job-before-restart')).toMatchObject({ state: 'failed' });
  });

  it('rides out a 429 storm: Retry-After is honoured and the final image still lands', async () => {
    const { fake } = h;
    fake.limits.startStorm(3, 0.3);
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const reply = await waitForReplyTo(fake, asked);
    const final = await waitForFinal(fake, reply.id);
    const refused = fake.requests.filter((r) => r.status === 429);
    expect(refused.length).toBe(3);
    expect(final.attachments[0]?.contentType).toBe('image/png');
    expect(final.content).toContain('EXIT');
    const lastEdit = editsOf(fake, reply.id).at(-1);
    expect(lastEdit?.status).toBe(200);
    expect(lastEdit?.files.map((f) => f.contentType)).toEqual(['image/png']);
  });

  it('ends the job when its reply is deleted (gateway event), and keeps serving', async () => {
    const { fake } = h;
    const asked = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [bigSign],
    });
    const reply = await waitForReplyTo(fake, asked);
    // The reply was posted over REST and never cached: only Partials.Message lets its deletion through.
    const deleted = new Promise<string>((resolve) =>
      h.adapter.client.on(Events.MessageDelete, (m) => {
        if (m.id === reply.id) resolve(m.id);
      }),
    );
    fake.deleteMessage(reply.id);
    expect(await deleted).toBe(reply.id);
    const next = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    await waitForFinal(fake, (await waitForReplyTo(fake, next)).id);
    const after = editsOf(fake, reply.id).filter((r) => r.status === 200);
    expect(after).toHaveLength(0);
    expect(h.runtime.pipeline.activeJobs).toBe(0);
  });

  it('ends the job on 10008 when the reply vanished without an event', async () => {
    const { fake } = h;
    const asked = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [bigSign],
    });
    const reply = await waitForReplyTo(fake, asked);
    fake.deleteMessage(reply.id, { silent: true });
    await fake.waitFor(() => editsOf(fake, reply.id).some((r) => r.status === 404), 'an edit to fail with 10008');
    await fake.waitFor(() => h.runtime.pipeline.activeJobs === 0, 'the job to end');
    const failed = editsOf(fake, reply.id).filter((r) => r.status === 404);
    expect(failed).toHaveLength(1);
  });

  it('keeps editing after the interaction token expired (bot token on the message)', async () => {
    const { fake } = h;
    const interaction = fake.slashCommand('annotate', { image: bigSign, task: 'ocr' });
    const original = await waitForOriginal(fake, interaction.id);
    await fake.waitFor(() => fake.message(original.id)?.content, 'the first edit');
    fake.expireInteractionTokens();
    const final = await waitForFinal(fake, original.id);
    expect(final.content).toContain('EXIT');
    const expiredWebhookCalls = fake.requests.filter((r) => r.path.includes(interaction.token) && r.status === 401);
    expect(expiredWebhookCalls).toHaveLength(0);
  });

  it('resumes after the gateway drops the connection', async () => {
    const { fake } = h;
    fake.dropGateway();
    await fake.waitFor(() => fake.gatewayStats.resumes >= 1 && fake.gatewayStats.connected === 1, 'a resume', 20_000);
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    expect((await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id)).content).toContain('EXIT');
  }, 30_000);

  it('logs in without MessageContent when the application lacks it; mentions still work', async () => {
    const fake = await FakeDiscord.start({ bucket: { limit: 5, windowMs: 500 } });
    fake.disallowedIntents = INTENT.MESSAGE_CONTENT;
    const config = await makeConfig(fake, h.dataDir);
    const adapter = await startDiscordAdapter(h.runtime, config, silentLog, FAST);
    try {
      expect(adapter.messageContent).toBe(false);
      const image = fake.hostFile('sign.png', h.fake.fileBytes(sign) as Uint8Array, 'image/png');
      const asked = fake.postMessage({
        author: fake.alice,
        content: 'read the text',
        mentionBot: true,
        attachments: [image],
      });
      expect((await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id)).content).toContain('EXIT');
    } finally {
      await adapter.close();
      await fake.close();
    }
  });
});
