// Only errors.ts and the command table are loaded up front: `--help` must not pay for zod, pino, discord.js,
// Bolt or the engine.
import { exitCodeFor, isScanlineError } from '../common/errors.js';
import type { Config } from '../common/config.js';
import { parseCommandLine } from './command-line.js';
import { SCANLINE } from './command-table.js';
import type { Printer } from './commands/printer.js';

const print: Printer = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

/** A usage or configuration problem: one JSON object on stdout with --json, else the sentence on stderr. */
function refuse(code: 'usage' | 'config', message: string, json: boolean): number {
  if (json) print.out(JSON.stringify({ error: { code, message } }));
  else print.err(message);
  return exitCodeFor(code);
}

/** The `scanline` command. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const line = parseCommandLine(SCANLINE, argv);
  if (line.kind === 'help') {
    print.out(line.text);
    return line.exitCode;
  }
  if (line.kind === 'usage') return refuse('usage', line.message, line.json);
  const { spec, args } = line;
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
    return refuse('config', error.message, args.flag('json'));
  }
  // The CLI's own output goes to stdout/stderr; logs only say what a person should see.
  const log = createLogger({
    level: spec.logs === 'configured' ? config.logLevel : (process.env.LOG_LEVEL ?? 'warn'),
    secrets: SECRET_SETTINGS.map((k) => process.env[k]),
  });
  try {
    // Each command loads only its own modules (the bots' clients, the engine) when it runs.
    const run = await spec.load();
    return await run(args, { config, log, print });
  } catch (error) {
    // A ScanlineError a command let through is still one sentence and its exit code, never a stack.
    if (!isScanlineError(error)) throw error;
    print.err(error.message);
    return error.exitCode;
  }
}
