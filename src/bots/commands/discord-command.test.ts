import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../../test/fakes/fake-discord.js';
import { makeConfig } from '../../../test/fakes/discord/adapter-harness.js';
import { loadConfig } from '../../common/config.js';
import { discordCommand } from './discord-command.js';

let fake: FakeDiscord;
let dir: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  fake = await FakeDiscord.start();
  dir = await mkdtemp(join(tmpdir(), 'scanline-register-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

function printer() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, print: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('scanline discord register', () => {
  it('registers the commands in one guild, then globally, and says what it did', async () => {
    const config = await makeConfig(fake, dir);
    const guild = printer();
    expect(await discordCommand(['register', '--guild', fake.guildId], config, log, guild.print)).toBe(0);
    const inGuild = fake.registered.get(`guild:${fake.guildId}`) ?? [];
    expect(inGuild.map((c) => c.name)).toEqual(['imagine', 'edit', 'ask', 'annotate', 'Edit with Scanline']);
    expect(guild.out[0]).toContain(`Registered 5 commands in server ${fake.guildId}`);
    const global = printer();
    expect(await discordCommand(['register'], config, log, global.print)).toBe(0);
    expect(fake.registered.get('global')).toHaveLength(5);
    expect(global.out.join('\n')).toContain('up to an hour');
  });

  it('explains a missing token, a bad guild id and a refused token', async () => {
    const none = printer();
    expect(await discordCommand(['register'], loadConfig({ SCANLINE_DATA_DIR: dir }), log, none.print)).toBe(8);
    expect(none.err[0]).toContain('DISCORD_TOKEN is not set');
    const bad = printer();
    expect(await discordCommand(['register', '--guild', 'abc'], await makeConfig(fake, dir), log, bad.print)).toBe(2);
    const refused = printer();
    const wrong = loadConfig({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl, SCANLINE_DATA_DIR: dir });
    expect(await discordCommand(['register'], wrong, log, refused.print)).toBe(8);
    expect(refused.err[0]).toContain('refused the token');
  });
});
