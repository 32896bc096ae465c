// End to end with the real classifier: the real discord.js against the fake Discord, the real
// engine and pipeline. "invert the colours" on the negative of a picture the model flags makes a
// flagged result from an input that passes (test/fixtures/safety/labelled-set.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeChannel, StoredAttachment } from '../fakes/fake-discord.js';
import { startHarness, waitForFinal, waitForReplyTo, type Harness } from '../fakes/discord/adapter-harness.js';
import { negativePng, safetyFixture } from '../fixtures/safety/labelled-set.js';
import type { Requester } from '../../src/pipeline/index.js';

let h: Harness;
let flaggedNegative: StoredAttachment;
let borderlineNegative: StoredAttachment;
let flagged: StoredAttachment;

/** The server's refusals by reason, from the usage log (`/scanline usage`). */
async function refusals(): Promise<Record<string, number>> {
  const by: Requester = {
    platform: 'discord',
    userId: h.fake.mod.id,
    channelId: h.fake.channel.id,
    guildId: h.fake.guildId,
    isDM: false,
  };
  const report = await h.runtime.pipeline.serverUsage(by);
  return Object.fromEntries(report.refusals.map((r) => [r.reason, r.count]));
}

beforeAll(async () => {
  h = await startHarness();
  flaggedNegative = h.fake.hostFile('negative.png', await negativePng(safetyFixture('flagged.png')), 'image/png');
  borderlineNegative = h.fake.hostFile('soft.png', await negativePng(safetyFixture('borderline.png')), 'image/png');
  flagged = h.fake.hostFile('upload.png', safetyFixture('flagged.png'), 'image/png');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Asks in a channel and returns the final reply and every file uploaded meanwhile. */
async function ask(channel: FakeChannel, content: string, attachment: StoredAttachment) {
  const { fake } = h;
  const before = fake.requests.length;
  const asked = fake.postMessage({ author: fake.alice, content, channel, mentionBot: true, attachments: [attachment] });
  const final = await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id, 60_000);
  // The final edit has landed; uploads are any files in a request since the ask (previews included).
  const uploads = fake.requests.slice(before).flatMap((r) => r.files.map((f) => f.name));
  return { final, uploads };
}

describe('Discord safety policy', () => {
  it('never uploads a flagged result (nor its previews) to a channel that is not age-restricted, and says why', async () => {
    const { final, uploads } = await ask(h.fake.channel, 'invert the colours', flaggedNegative);
    expect(uploads).toEqual([]);
    expect(final.attachments).toEqual([]);
    expect(final.content).toMatch(/did not post it: my safety check rates it as adult content \(porn 0\.[89]\d\)/);
    expect(final.content).toMatch(/age-restricted channel/);
    // The usage line is written once the job settles, just after its final reply.
    await expect.poll(refusals).toMatchObject({ safety_withheld: 1 });
  }, 90_000);

  it('says it in Chinese to a Chinese request', async () => {
    const { final, uploads } = await ask(h.fake.channel, '把这张图反色', flaggedNegative);
    expect(uploads).toEqual([]);
    expect(final.content).toMatch(/没有发出.*成人内容（porn 0\.[89]\d）/);
  }, 90_000);

  it('posts the same result in an age-restricted channel, and in a thread of one', async () => {
    for (const channel of [h.fake.adultChannel, h.fake.adultThread]) {
      const { final, uploads } = await ask(channel, 'invert the colours', flaggedNegative);
      expect(final.attachments.map((a) => a.contentType)).toEqual(['image/png']);
      expect(uploads.length).toBeGreaterThan(0);
      expect(final.content).not.toMatch(/safety/);
    }
  }, 120_000);

  it('posts a borderline result as a spoiler and says why', async () => {
    const { final } = await ask(h.fake.channel, 'invert the colours', borderlineNegative);
    expect(final.attachments).toHaveLength(1);
    expect(final.attachments[0]!.filename).toMatch(/^SPOILER_.*\.png$/);
    expect(final.content).toMatch(/borderline \(sexy 0\.\d\d\), so it is blurred/);
  }, 90_000);

  it('refuses a flagged upload with a clear reply, and keeps serving', async () => {
    const { final, uploads } = await ask(h.fake.channel, 'make it grayscale', flagged);
    expect(uploads).toEqual([]);
    expect(final.content).toMatch(/can't use the image "upload\.png" here.*porn 0\.[89]\d/);
    await expect.poll(refusals).toMatchObject({ input_unsafe: 1 });
    const next = await ask(h.fake.channel, 'make it grayscale', borderlineNegative);
    expect(next.final.attachments).toHaveLength(1);
  }, 120_000);
});
