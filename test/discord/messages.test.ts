// End to end: the real discord.js against the fake Discord, the real engine and pipeline.
// Mentions, DMs, threads, reply-to-iterate, bad attachments and the allowed_mentions rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSign, renderTextImage } from '../fixtures/text-images.js';
import type { StoredAttachment } from '../fakes/fake-discord.js';
import {
  editsOf,
  messageWrites,
  startHarness,
  waitForFinal,
  waitForReplyTo,
  type Harness,
} from '../fakes/discord/adapter-harness.js';

let h: Harness;
let sign: StoredAttachment;
let signPng: Uint8Array;

beforeAll(async () => {
  h = await startHarness();
  const image = await makeSign();
  signPng = image.png;
  sign = h.fake.hostFile('sign.png', image.png, 'image/png');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const pngFiles = (files: { contentType: string; name: string }[]) => files.filter((f) => f.contentType === 'image/png');

describe('Discord messages', () => {
  it('answers a mention with an image: reply at once with the queue status, then the text and the annotated PNG with buttons', async () => {
    const { fake } = h;
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text in this image',
      mentionBot: true,
      attachments: [sign],
    });
    const reply = await waitForReplyTo(fake, asked);
    const post = fake.requests.find((r) => r.method === 'POST' && r.status === 200 && r.body.message_reference);
    expect(post?.body.content).toMatch(/Queued|Working/);
    expect(JSON.stringify(post?.body.components)).toContain(`scanline:cancel:`);
    const final = await waitForFinal(fake, reply.id);
    expect(final.content).toContain('EXIT');
    expect(final.content).toMatch(/Done in/);
    expect(final.attachments).toHaveLength(1);
    expect(final.attachments[0]?.contentType).toBe('image/png');
    expect(JSON.stringify(final.components)).toContain('scanline:delete:');
    const last = editsOf(fake, reply.id).at(-1);
    expect(pngFiles(last?.files ?? [])).toHaveLength(1);
    expect(last?.body.attachments).toEqual([{ id: 0 }]);
  });

  it('answers in a DM without a mention, and in a thread', async () => {
    const { fake } = h;
    const dm = fake.dmChannel(fake.bob);
    const inDm = fake.postMessage({
      author: fake.bob,
      content: 'what does the sign say?',
      channel: dm,
      attachments: [sign],
    });
    const dmReply = await waitForFinal(fake, (await waitForReplyTo(fake, inDm)).id);
    expect(dmReply.channelId).toBe(dm.id);
    expect(dmReply.content).toContain('EXIT');

    const inThread = fake.postMessage({
      author: fake.alice,
      content: '识别文字',
      channel: fake.thread,
      mentionBot: true,
      attachments: [sign],
    });
    const threadReply = await waitForFinal(fake, (await waitForReplyTo(fake, inThread)).id);
    expect(threadReply.channelId).toBe(fake.thread.id);
    expect(threadReply.content).toMatch(/完成/);
  });

  it('ignores channel messages that do not address the bot', async () => {
    const { fake } = h;
    const before = fake.requests.length;
    const chatter = fake.postMessage({ author: fake.alice, content: 'read the text', attachments: [sign] });
    // A mention after it is answered; the chatter never is.
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id);
    expect(fake.botMessages().some((m) => m.reference?.messageId === chatter.id)).toBe(false);
    expect(fake.requests.length).toBeGreaterThan(before);
  });

  it('iterates on a reply to its own image: the replied image is the input', async () => {
    const { fake } = h;
    const first = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const result = await waitForFinal(fake, (await waitForReplyTo(fake, first)).id);
    expect(result.attachments).toHaveLength(1);
    // Reply to the bot's annotated image with no attachment of our own (the default reply ping mentions the bot).
    const again = fake.postMessage({ author: fake.alice, content: 'read the text again', replyTo: result });
    const second = await waitForFinal(fake, (await waitForReplyTo(fake, again)).id);
    expect(second.content).toContain('Welcome');
  });

  it('says in a sentence what is wrong with a broken or foreign attachment, and keeps serving', async () => {
    const { fake } = h;
    const broken = fake.hostFile('half.png', signPng.subarray(0, Math.floor(signPng.length / 2)), 'image/png');
    const bad = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [broken],
    });
    const badReply = await waitForFinal(fake, (await waitForReplyTo(fake, bad)).id);
    expect(badReply.content).toContain('"half.png" is damaged');
    expect(badReply.attachments).toHaveLength(0);

    const foreign: StoredAttachment = { ...sign, id: '999', url: 'https://files.example.org/sign.png' };
    const refused = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [foreign],
    });
    const refusedReply = await waitForFinal(fake, (await waitForReplyTo(fake, refused)).id);
    expect(refusedReply.content).toContain('"files.example.org" is not an allowed host');

    const missing = fake.postMessage({ author: fake.bob, content: '识别这张图片里的文字', mentionBot: true });
    const missingReply = await waitForFinal(fake, (await waitForReplyTo(fake, missing)).id);
    expect(missingReply.content).toContain('需要一张图片');

    const image = await renderTextImage({ lines: ['HELLO'], width: 400, height: 200 });
    const good = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [fake.hostFile('hello.png', image.png, 'image/png')],
    });
    const goodReply = await waitForFinal(fake, (await waitForReplyTo(fake, good)).id);
    expect(goodReply.content).toContain('HELLO');
  });

  it('answers the internal-error sentence with an id when a handler throws, and keeps serving', async () => {
    const { fake, runtime } = h;
    const submit = runtime.pipeline.submit.bind(runtime.pipeline);
    runtime.pipeline.submit = () => {
      runtime.pipeline.submit = submit;
      throw new Error('injected failure');
    };
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const reply = await waitForReplyTo(fake, asked);
    expect(reply.content).toMatch(/Something went wrong on my side \(error id [0-9a-f]{8}\)/);
    const next = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    expect((await waitForFinal(fake, (await waitForReplyTo(fake, next)).id)).content).toContain('EXIT');
  });

  it('sends allowed_mentions with parse [] on every message it creates or edits', () => {
    const writes = messageWrites(h.fake);
    expect(writes.length).toBeGreaterThan(20);
    for (const w of writes) {
      const data = /\/callback$/.test(w.path) ? (w.body.data as Record<string, unknown>) : w.body;
      expect(data.allowed_mentions, `${w.method} ${w.route}`).toMatchObject({ parse: [] });
    }
  });
});

describe('Discord generation previews', () => {
  let g: Harness;
  beforeAll(async () => {
    // Edits as fast as the fake allows, so the tiny test pack's quick frames are not all folded into one.
    g = await startHarness({ adapter: { minIntervalMs: 0, channelRate: { limit: 5, windowMs: 500 } } });
  });
  afterAll(async () => {
    await g?.close();
  });

  it('draws from a mention with preview edits of the same reply, then the final PNG with buttons', async () => {
    const { fake } = g;
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'draw a red fox in the snow --seed 7',
      mentionBot: true,
    });
    const reply = await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id, 120_000);
    const edits = editsOf(fake, reply.id);
    const previews = edits.filter((r) =>
      r.files.some((f) => f.contentType === 'image/webp' || f.contentType === 'image/jpeg'),
    );
    // How many previews get in before the final depends on the machine's load (the tiny pack draws in ~0.4 s and
    // the newest frame wins); the presenter's one-edit-per-turn pacing is tested on a fake clock in
    // reply-presenter.test.ts. Here: previews reach the platform as edits of the one reply.
    expect(previews.length, `${previews.length} preview edits`).toBeGreaterThanOrEqual(1);
    for (const p of previews) expect(p.body.attachments).toEqual([{ id: 0 }]);
    expect(pngFiles(edits.at(-1)?.files ?? [])).toHaveLength(1);
    expect(reply.attachments).toHaveLength(1);
    expect(JSON.stringify(reply.components)).toContain('scanline:reroll:');
  }, 150_000);
});
