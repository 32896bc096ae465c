// End to end: slash commands, buttons, the message context menu and modals,
// with the real discord.js against the fake Discord and the real pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSign } from '../fixtures/text-images.js';
import type { StoredAttachment, StoredMessage } from '../fakes/fake-discord.js';
import {
  editsOf,
  startHarness,
  waitForFinal,
  waitForOriginal,
  waitForReplyTo,
  type Harness,
} from '../fakes/discord/adapter-harness.js';

let h: Harness;
let sign: StoredAttachment;
let bigSign: StoredAttachment;

beforeAll(async () => {
  // Edits as fast as the fake allows: the tiny pack draws in well under the default edit interval, and whether one
  // of its previews got in before the final was a race.
  h = await startHarness({ adapter: { minIntervalMs: 0, channelRate: { limit: 5, windowMs: 500 } } });
  sign = h.fake.hostFile('sign.png', (await makeSign()).png, 'image/png');
  bigSign = h.fake.hostFile('big.png', (await makeSign(2000, 1500)).png, 'image/png');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const callbacks = (interactionId: string) =>
  h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${interactionId}/`));

/** Runs a slash command to its final reply; checks the defer came first and the response was edited. */
async function slash(name: string, options: Record<string, string | number | StoredAttachment>, locale?: string) {
  const { fake } = h;
  const interaction = fake.slashCommand(name, options, locale ? { locale } : {});
  const original = await waitForOriginal(fake, interaction.id);
  const final = await waitForFinal(fake, original.id, 120_000);
  expect(callbacks(interaction.id).map((r) => r.body.type)).toEqual([5]);
  const webhookEdits = fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
  expect(webhookEdits.length).toBeGreaterThanOrEqual(1);
  expect(webhookEdits[0]?.path).toMatch(/\/messages\/(%40|@)original$/);
  return { interaction, final, edits: editsOf(fake, original.id, interaction.token) };
}

const withButton = (m: StoredMessage, prefix: string): string | undefined =>
  [...JSON.stringify(m.components).matchAll(/"custom_id":"([^"]+)"/g)]
    .map((x) => x[1] ?? '')
    .find((id) => id.startsWith(prefix));

describe('Discord interactions', () => {
  it('/annotate task:ocr defers, edits @original, then edits the message with the bot token', async () => {
    const { final, edits } = await slash('annotate', { image: sign, task: 'ocr' });
    expect(final.content).toContain('EXIT');
    expect(final.attachments[0]?.contentType).toBe('image/png');
    expect(edits.some((r) => r.botAuth && r.path.startsWith('/channels/'))).toBe(true);
  });

  it('/imagine draws with previews and a final image (or says plainly that it cannot)', async () => {
    const { final, edits } = await slash('imagine', { prompt: 'a lighthouse at dusk', aspect: '16:9', seed: 3 });
    if (final.content.includes('cannot do')) return;
    expect(edits.filter((r) => r.files.some((f) => f.contentType !== 'image/png')).length).toBeGreaterThanOrEqual(1);
    expect(final.attachments[0]?.contentType).toBe('image/png');
    expect(withButton(final, 'scanline:reroll:')).toBeDefined();
  }, 150_000);

  it('/edit and /ask answer in the response, in Chinese for a zh-CN user', async () => {
    const edited = await slash('edit', { image: sign, instruction: 'make it black and white' });
    expect(edited.final.content.length).toBeGreaterThan(0);
    expect(edited.final.attachments.length + (edited.final.content.match(/cannot|不能/) ? 1 : 0)).toBeGreaterThan(0);
    const asked = await slash('ask', { image: sign }, 'zh-CN');
    expect(asked.final.content).toMatch(/[\u4e00-\u9fff]/);
  }, 150_000);

  it('Cancel on a queued job cancels it; strangers are refused privately', async () => {
    const { fake } = h;
    const slow = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [bigSign],
    });
    const queued = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const reply = await waitForReplyTo(fake, queued);
    const cancelId = withButton(reply, 'scanline:cancel:');
    expect(cancelId).toBeDefined();
    const stranger = fake.pressButton(reply, cancelId as string, { user: fake.bob });
    await fake.waitFor(() => callbacks(stranger.id)[0], 'the refusal');
    expect(callbacks(stranger.id)[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(callbacks(stranger.id)[0]?.body)).toContain('Only the person who asked');

    const press = fake.pressButton(reply, cancelId as string, { user: fake.alice });
    const final = await waitForFinal(fake, reply.id);
    expect(final.content).toBe('Cancelled.');
    expect(callbacks(press.id)[0]?.body.type).toBe(6);
    await waitForFinal(fake, (await waitForReplyTo(fake, slow)).id);
  });

  it('Delete removes a finished reply; an unknown job answers politely', async () => {
    const { fake } = h;
    const asked = fake.postMessage({
      author: fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const final = await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id);
    fake.pressButton(final, withButton(final, 'scanline:delete:') as string, { user: fake.bob });
    await fake.waitFor(() => !fake.message(final.id), 'the reply to be deleted');
    const gone = fake.pressButton(final, 'scanline:reroll:00000000-0000-4000-8000-000000000000', { user: fake.bob });
    await fake.waitFor(() => callbacks(gone.id)[0], 'the answer');
    expect(JSON.stringify(callbacks(gone.id)[0]?.body)).toContain('no longer available');
  });

  it('Edit opens a modal; its instruction becomes a request on that image', async () => {
    const { fake } = h;
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const final = await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id);
    expect(withButton(final, 'scanline:edit:')).toBeUndefined(); // OCR results offer no Edit; use the context menu
    const menu = fake.messageCommand('Edit with Scanline', asked, { user: fake.alice });
    const modal = await fake.waitFor(() => fake.modals.find((m) => m.interactionId === menu.id), 'the modal');
    expect(callbacks(menu.id)[0]?.body.type).toBe(9);
    const submitted = fake.submitModal(modal, { instruction: 'read the text' }, { user: fake.alice });
    const original = await waitForOriginal(fake, submitted.id);
    const answer = await waitForFinal(fake, original.id);
    expect(answer.content).toContain('Welcome');
  });

  it('the context menu on a message without an image says so privately', async () => {
    const { fake } = h;
    const plain = fake.postMessage({ author: fake.alice, content: 'just words' });
    const menu = fake.messageCommand('Edit with Scanline', plain, { user: fake.alice });
    await fake.waitFor(() => callbacks(menu.id)[0], 'the answer');
    expect(callbacks(menu.id)[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(callbacks(menu.id)[0]?.body)).toContain('needs an image');
  });
});
