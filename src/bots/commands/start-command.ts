import { startDiscordAdapter } from '../../adapters/discord/index.js';
import { startSlackAdapter } from '../../adapters/slack/index.js';
import { startWebAdapter } from '../../adapters/web/index.js';
import { exitCodeFor, isScanlineError } from '../../common/errors.js';
import { redactRedisUrl } from '../../pipeline/redis/redis-connection.js';
import type { Config } from '../../common/config.js';
import { ScanlineMetrics } from '../../pipeline/metrics/scanline-metrics.js';
import { startOps, type Ops } from '../ops/ops.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { CommandContext, ParsedArgs } from '../command-line.js';
import type { Printer } from './printer.js';

interface Running {
  name: string;
  close(): Promise<void>;
}

/** What `npm start` prints about the engine and its packs, so an operator knows what will answer. */
async function banner(runtime: Runtime, config: Config, print: Printer): Promise<void> {
  const { provider, packs } = await runtime.engine.packs();
  if (config.redis) {
    // The packs below are this machine's; the workers list their own when they start.
    print.out(
      `Requests go to \`scanline worker\` processes through Redis at ${redactRedisUrl(config.redis.url)}; packs on this machine:`,
    );
  } else {
    print.out(`Scanline engine on ${provider.toUpperCase()} (${config.engine.intraOpThreads} threads).`);
  }
  for (const p of packs) {
    if (p.preferredFor.length > 0) print.out(`  ${p.preferredFor.join(', ')}: ${p.name} ${p.version} [${p.origin}]`);
  }
  const generator = packs.find((p) => p.preferredFor.includes('generate'));
  if (!generator || generator.origin === 'repo') {
    print.out(
      '  Image generation uses the tiny test pack, which draws noise. For real images: npx scanline models pull janus-pro-1b',
    );
  }
}

/** `scanline start` (npm start): one engine and pipeline, then every configured adapter, until a signal. */
export async function startCommand(_args: ParsedArgs, { config, log, print }: CommandContext): Promise<number> {
  let runtime: Runtime;
  // Kept only when something can read them: SCANLINE_METRICS_PORT.
  const metrics = config.ops ? new ScanlineMetrics() : undefined;
  try {
    runtime = await startRuntime(config, log, { journal: 'file', ...(metrics ? { metrics } : {}) });
  } catch (error) {
    // A bad SCANLINE_DATA_DIR: one sentence naming the setting, no stack.
    if (!isScanlineError(error)) throw error;
    print.err(error.message);
    return error.exitCode;
  }
  await banner(runtime, config, print);
  const running: Running[] = [];
  let ops: Ops | undefined;
  try {
    // First, so /healthz answers `starting` while the adapters connect.
    if (config.ops && metrics) {
      ops = await startOps(runtime, metrics, config.ops, log);
      if (runtime.redisHealth) ops.health.adapter('redis', runtime.redisHealth);
      print.out(`Ops: ${ops.url}/metrics and ${ops.url}/healthz${config.ops.token ? ' (bearer token required)' : ''}`);
    }
    if (config.discord) {
      const discord = await startDiscordAdapter(runtime, config, log, {
        messageContent: config.discord.messageContent,
        registerCommands: config.discord.registerCommands,
      });
      running.push({ name: 'Discord', close: () => discord.close() });
      ops?.health.adapter('discord', () => discord.health());
      print.out(
        `Discord: connected as ${discord.client.user?.tag ?? 'the bot'}${discord.messageContent ? '' : ' (without the Message Content intent)'}.`,
      );
    }
    if (config.slack) {
      const slack = await startSlackAdapter(runtime, config, log);
      running.push({ name: 'Slack', close: () => slack.close() });
      ops?.health.adapter('slack', () => slack.health());
      print.out(
        config.slack.mode === 'socket'
          ? 'Slack: connected in Socket Mode.'
          : `Slack: listening for events on port ${config.slack.port} at /slack/events.`,
      );
    }
    if (config.playground.enabled) {
      const playground = await startWebAdapter(runtime, config, log);
      running.push({ name: 'Playground', close: () => playground.close() });
      ops?.health.adapter('playground', () => playground.health());
      print.out(`Playground: ${playground.url}${config.playground.token ? '?token=<SCANLINE_PLAYGROUND_TOKEN>' : ''}`);
    }
  } catch (error) {
    print.err(`Could not start: ${(error as Error).message}`);
    for (const r of running.reverse()) await r.close().catch(() => undefined);
    await runtime.close();
    await ops?.close();
    return exitCodeFor('config');
  }
  if (running.length === 0) {
    print.err(
      'Nothing to serve: set DISCORD_TOKEN or the SLACK_* settings, or SCANLINE_PLAYGROUND=on (see .env.example).',
    );
    await runtime.close();
    await ops?.close();
    return exitCodeFor('config');
  }
  ops?.health.ready();

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  print.out('Stopping: finishing replies and closing connections…');
  for (const r of running.reverse()) {
    await r.close().catch((error) => log.warn({ err: error, adapter: r.name }, 'adapter did not close cleanly'));
  }
  await runtime.close();
  // Last: until here /healthz tells a watcher the process is going down.
  await ops?.close();
  return 0;
}
