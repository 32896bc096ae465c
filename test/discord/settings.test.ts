// End to end, issue 18: `/scanline settings` and `/scanline usage` with the real discord.js against the fake
// Discord, the real pipeline and engine, and the real SQLite file in the data folder (kept across a restart).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/index.js';
import { registerCommands } from '../../src/adapters/discord/commands.js';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { makeSign } from '../fixtures/text-images.js';
import type { FakeChannel, FakeUser, StoredAttachment, StoredMessage } from '../fakes/fake-discord.js';
import {
  FAST,
  silentLog,
  startHarness,
  waitForFinal,
  waitForOriginal,
  waitForReplyTo,
  type Harness,
} from '../fakes/discord/adapter-harness.js';

let h: Harness;
let runtime: Runtime;
let adapter: DiscordAdapter;
let sign: StoredAttachment;
let art: FakeChannel;
let otherGuild: { guildId: string; channel: FakeChannel };

beforeAll(async () => {
  h = await startHarness({
    adapter: { minIntervalMs: 0, channelRate: { limit: 5, windowMs: 500 } },
    beforeRuntime: async (_dir, fake) => {
      art = fake.addTextChannel('art');
      otherGuild = fake.addGuild('Other Guild');
    },
  });
  runtime = h.runtime;
  adapter = h.adapter;
  sign = h.fake.hostFile('sign.png', (await makeSign(400, 300)).png, 'image/png');
}, 60_000);

afterAll(async () => {
  await adapter?.close();
  await runtime?.close();
  await h?.fake.close();
  if (h) await rm(h.dataDir, { recursive: true, force: true });
});

/** Runs `/scanline <sub>` and returns the private answer once it is written. */
async function admin(
  user: FakeUser,
  sub: 'settings' | 'usage',
  options: Parameters<Harness['fake']['slashCommand']>[1] = {},
  opts: { locale?: string; channel?: FakeChannel } = {},
) {
  const interaction = h.fake.slashCommand('scanline', options, { user, subcommand: sub, ...opts });
  const original = await waitForOriginal(h.fake, interaction.id);
  return h.fake.waitFor(() => {
    const m = h.fake.message(original.id);
    return m?.content ? m : undefined;
  }, `the answer to /scanline ${sub}`);
}

/** A mention asking for edges of the sign, in `channel`; resolves with the bot's final reply. */
async function askEdges(channel: FakeChannel, author = h.fake.alice): Promise<StoredMessage> {
  const source = h.fake.postMessage({
    author,
    content: 'find the edges',
    mentionBot: true,
    attachments: [sign],
    channel,
  });
  const reply = await waitForReplyTo(h.fake, source);
  return waitForFinal(h.fake, reply.id);
}

const EPHEMERAL = 64;

describe('/scanline settings and usage on Discord', () => {
  it('is registered with the other commands, for Manage Server only and not in DMs', async () => {
    await registerCommands(adapter.client.rest, { applicationId: h.fake.applicationId, guildId: h.fake.guildId });
    const commands = h.fake.registered.get(`guild:${h.fake.guildId}`) ?? [];
    expect(commands.map((c) => c.name)).toEqual([
      'imagine',
      'edit',
      'ask',
      'annotate',
      'Edit with Scanline',
      'scanline',
    ]);
    const scanline = commands.find((c) => c.name === 'scanline') as Record<string, unknown>;
    expect(scanline.default_member_permissions).toBe('32');
    expect(scanline.contexts).toEqual([0]);
    expect((scanline.options as { name: string }[]).map((o) => o.name)).toEqual(['settings', 'usage']);
  });

  it('refuses a member without Manage Server privately, and changes nothing', async () => {
    const answer = await admin(h.fake.alice, 'settings', { task: 'edges', enabled: false });
    expect(answer.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(answer.content).toMatch(/^Only the server's admins/);
    const zh = await admin(h.fake.bob, 'usage', {}, { locale: 'zh-CN' });
    expect(zh.content).toMatch(/^只有服务器管理员/);
    expect(await askEdges(h.fake.channel)).toMatchObject({ content: expect.stringMatching(/Done in/) });
  }, 60_000);

  it('an admin turns a task off for one server: a request for it there gets the clear answer, the other server still works', async () => {
    const saved = await admin(h.fake.admin, 'settings', { task: 'edges', enabled: false });
    expect(saved.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(saved.content).toMatch(/^Saved\. Now:/);
    expect(saved.content).toContain('Tasks turned off: edges.');

    const refused = await askEdges(h.fake.channel);
    expect(refused.content).toContain('An admin of this server turned off Finding edges (edges) here');
    expect(refused.attachments).toHaveLength(0);

    const elsewhere = await askEdges(otherGuild.channel);
    expect(elsewhere.content).toMatch(/Done in/);
    expect(elsewhere.attachments.length).toBeGreaterThan(0);

    const bad = await admin(h.fake.admin, 'settings', { task: 'ocr' });
    expect(bad.content).toBe('Also choose enabled for the task you named.');
  }, 60_000);

  it('answers only in the chosen channels: elsewhere a short reply (ephemeral for commands), nothing dropped', async () => {
    const saved = await admin(h.fake.admin, 'settings', { channel: art, answer_here: true });
    expect(saved.content).toContain(`I answer only in <#${art.id}>`);

    const source = h.fake.postMessage({
      author: h.fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    const closed = await waitForReplyTo(h.fake, source);
    expect(closed.content).toBe(
      `I only answer in <#${art.id}> on this server (an admin chose these channels). Ask me there, or in a DM.`,
    );
    expect(closed.components).toEqual([]);

    const command = h.fake.slashCommand('imagine', { prompt: 'a fox' }, { user: h.fake.bob, locale: 'zh-CN' });
    const whisper = await h.fake.waitFor(() => {
      const id = h.fake.interaction(command.id)?.originalId;
      const m = id ? h.fake.message(id) : undefined;
      return m?.content ? m : undefined;
    }, 'the private answer to /imagine');
    expect(whisper.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(whisper.content).toContain('在此服务器上我只在');

    const inArt = h.fake.postMessage({
      author: h.fake.bob,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
      channel: art,
    });
    const answered = await waitForFinal(h.fake, (await waitForReplyTo(h.fake, inArt)).id);
    expect(answered.content).toContain('EXIT');
  }, 60_000);

  it('usage shows the jobs and the refusals of this server, privately', async () => {
    const usage = await admin(h.fake.admin, 'usage', {}, { channel: art });
    expect(usage.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(usage.content).toMatch(
      /^Usage in the last 30 days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\): 2 jobs, 3 refused\./,
    );
    expect(usage.content).toContain('edges 1 done, 0 failed, 0 cancelled, 1 refused');
    expect(usage.content).toContain('ocr 1 done, 0 failed, 0 cancelled, 1 refused');
    expect(usage.content).toContain(`<@${h.fake.alice.id}> 1 (1 refused)`);
    expect(usage.content).toContain('Refusals by reason: channel_closed 2, task_disabled 1');
    // The other server's job is its own.
    expect(usage.content).not.toContain('2 done');
  });

  it('settings survive a restart: the SQLite file in the data folder', async () => {
    await adapter.close();
    await runtime.close();
    runtime = await startRuntime(h.config, silentLog, { journal: 'file' });
    adapter = await startDiscordAdapter(runtime, h.config, silentLog, { ...FAST, minIntervalMs: 0 });
    const view = await admin(h.fake.admin, 'settings', {}, { channel: art });
    expect(view.content).toContain('Tasks turned off: edges.');
    expect(view.content).toContain(`I answer only in <#${art.id}>`);
    const refused = await askEdges(art);
    expect(refused.content).toContain('turned off Finding edges (edges)');
  }, 60_000);
});
