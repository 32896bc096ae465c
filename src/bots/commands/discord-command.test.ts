import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../../test/fakes/fake-discord.js';
import { makeConfig } from '../../../test/fakes/discord/adapter-harness.js';
import { loadConfig, type Config } from '../../common/config.js';
import { capturingPrinter, commandArgs } from '../../../test/helpers/command-in-process.js';
import type { Printer } from './printer.js';
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

/** `scanline discord <argv>` in-process, parsed by the real command table. */
function register(argv: string[], config: Config, print: Printer): Promise<number> {
  return discordCommand(commandArgs(['discord', ...argv]), { config, log, print });
}
const printer = capturingPrinter;

describe('scanline discord register', () => {
  it('registers the commands in one guild, then globally, and says what it did', async () => {
    const config = await makeConfig(fake, dir);
    const guild = printer();
    expect(await register(['register', '--guild', fake.guildId], config, guild.print)).toBe(0);
    const inGuild = fake.registered.get(`guild:${fake.guildId}`) ?? [];
    expect(inGuild.map((c) => c.name)).toEqual([
      'imagine',
      'edit',
      'ask',
      'annotate',
      'Edit with Scanline',
      'scanline',
    ]);
    expect(guild.out[0]).toContain(`Registered 6 commands in server ${fake.guildId}`);
    const global = printer();
    expect(await register(['register'], config, global.print)).toBe(0);
    expect(fake.registered.get('global')).toHaveLength(6);
    expect(global.out.join('\n')).toContain('up to an hour');
  });

  it('explains a missing token, a bad guild id and a refused token', async () => {
    const none = printer();
    expect(await register(['register'], loadConfig({ SCANLINE_DATA_DIR: dir }), none.print)).toBe(8);
    expect(none.err[0]).toContain('DISCORD_TOKEN is not set');
    const bad = printer();
    expect(await register(['register', '--guild', 'abc'], await makeConfig(fake, dir), bad.print)).toBe(2);
    const refused = printer();
    const wrong = loadConfig({ DISCORD_TOKEN: 'not-the-token', DISCORD_API_URL: fake.apiUrl, SCANLINE_DATA_DIR: dir });
    expect(await register(['register'], wrong, refused.print)).toBe(8);
    expect(refused.err[0]).toContain('refused the token');
  });
});
