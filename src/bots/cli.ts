// Only errors.ts is loaded up front: `--help` must not pay for zod, pino, discord.js, Bolt or the engine.
import { EXIT_CODES, exitCodeFor, isScanlineError } from '../common/errors.js';
import type { Config } from '../common/config.js';
import type { Printer } from './commands/printer.js';

async function helpText(): Promise<string> {
  const [{ RUN_USAGE }, { MODELS_USAGE }, { DISCORD_USAGE }] = await Promise.all([
    import('./commands/run-command.js'),
    import('./commands/models-command.js'),
    import('./commands/discord-command.js'),
  ]);
  return `Scanline: a self-hosted image bot for Discord and Slack.

Usage:
  scanline start                      start the configured bots (npm start)
  scanline run "<instruction>" [...]  run one request from the shell
  scanline models list|pull|verify|remove   installed and pullable model packs
  scanline discord register [--guild ID]    register the Discord slash commands
  scanline --help                     this text

${RUN_USAGE}

${MODELS_USAGE}

${DISCORD_USAGE}

Settings come from the environment and from .env (see .env.example).

Exit codes:
${EXIT_CODES.map(([code, what]) => `  ${code}  ${what}`).join('\n')}`;
}

const print: Printer = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

const COMMANDS = new Set(['run', 'start', 'models', 'discord']);

/** The `scanline` command. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print.out(await helpText());
    return command ? 0 : exitCodeFor('usage');
  }
  if (!COMMANDS.has(command)) {
    print.err(`Unknown command "${command}".\n\n${await helpText()}`);
    return exitCodeFor('usage');
  }
  const [{ config: loadDotenv }, { ConfigError, loadConfig, SECRET_SETTINGS }, { createLogger }] = await Promise.all([
    import('dotenv'),
    import('../common/config.js'),
    import('./logger.js'),
  ]);
  loadDotenv({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (rest.includes('--json')) print.out(JSON.stringify({ error: { code: 'config', message: error.message } }));
    else print.err(error.message);
    return exitCodeFor('config');
  }
  // The CLI's own output goes to stdout/stderr; logs only say what a person should see.
  const log = createLogger({
    level: command === 'start' ? config.logLevel : (process.env.LOG_LEVEL ?? 'warn'),
    secrets: SECRET_SETTINGS.map((k) => process.env[k]),
  });
  try {
    // Each command loads only its own modules (the bots' clients, the engine) when it runs.
    switch (command) {
      case 'run':
        return await (await import('./commands/run-command.js')).runCommand(rest, config, log, print);
      case 'start':
        return await (await import('./commands/start-command.js')).startCommand(config, log, print);
      case 'models':
        return await (await import('./commands/models-command.js')).modelsCommand(rest, config, log, print);
      default:
        return await (await import('./commands/discord-command.js')).discordCommand(rest, config, log, print);
    }
  } catch (error) {
    // A ScanlineError a command let through is still one sentence and its exit code, never a stack.
    if (!isScanlineError(error)) throw error;
    print.err(error.message);
    return error.exitCode;
  }
}
