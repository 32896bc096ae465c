import { exitCodeFor } from '../../common/errors.js';
import type { CommandContext, ParsedArgs } from '../command-line.js';

/** `scanline discord register [--guild ID]`. Returns the exit code. */
export async function discordCommand(args: ParsedArgs, { config, log, print }: CommandContext): Promise<number> {
  const guildId = args.string('guild');
  if (guildId !== undefined && !/^\d{15,25}$/.test(guildId)) {
    print.err(
      `--guild takes a server id (a long number; right-click the server with Developer Mode on), got "${guildId}".`,
    );
    return exitCodeFor('usage');
  }
  if (!config.discord) {
    print.err('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example), then run this again.');
    return exitCodeFor('config');
  }
  // Loaded here so that only a registration pays for discord.js.
  const [{ REST }, { currentApplicationId, registerCommands }] = await Promise.all([
    import('discord.js'),
    import('../../adapters/discord/index.js'),
  ]);
  const restClient = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token);
  try {
    const applicationId = await currentApplicationId(restClient);
    const commands = await registerCommands(restClient, { applicationId, ...(guildId ? { guildId } : {}) });
    const where = guildId ? `in server ${guildId}` : 'globally';
    print.out(`Registered ${commands.length} commands ${where} for application ${applicationId}:`);
    for (const c of commands) print.out(`  ${c.name}`);
    if (!guildId) print.out('Global commands can take up to an hour to appear in every server.');
    return 0;
  } catch (error) {
    const status = (error as { status?: number }).status;
    log.debug({ err: error }, 'discord register failed');
    if (status === 401) {
      print.err('Discord refused the token (401): check DISCORD_TOKEN (Developer Portal -> Bot -> Reset Token).');
      return exitCodeFor('config');
    }
    if (status === 403 && guildId) {
      print.err(
        `Discord refused (403): the bot is not in server ${guildId}, or was invited without the applications.commands scope.`,
      );
      return exitCodeFor('download_failed');
    }
    print.err(`Registering the commands failed: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodeFor('download_failed');
  }
}
