import { config as loadDotenv } from 'dotenv';
import { EXIT_CODES, exitCodeFor, isScanlineError } from '../common/errors.js';
import { ConfigError, loadConfig, SECRET_SETTINGS, type Config } from '../common/config.js';
import { createLogger } from './logger.js';
import { discordCommand, DISCORD_USAGE } from './commands/discord-command.js';
import { modelsCommand, MODELS_USAGE } from './commands/models-command.js';
import { runCommand, RUN_USAGE } from './commands/run-command.js';
import { startCommand } from './commands/start-command.js';

const HELP = `Scanline: a self-hosted image bot for Discord and Slack.

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

const print = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

/** The `scanline` command. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print.out(HELP);
    return command ? 0 : exitCodeFor('usage');
  }
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
    switch (command) {
      case 'run':
        return await runCommand(rest, config, log, print);
      case 'start':
        return await startCommand(config, log, print);
      case 'models':
        return await modelsCommand(rest, config, log, print);
      case 'discord':
        return await discordCommand(rest, config, log, print);
      default:
        print.err(`Unknown command "${command}".\n\n${HELP}`);
        return exitCodeFor('usage');
    }
  } catch (error) {
    // A ScanlineError a command let through is still one sentence and its exit code, never a stack.
    if (!isScanlineError(error)) throw error;
    print.err(error.message);
    return error.exitCode;
  }
}
