import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startRuntime } from '../runtime.js';

interface Printer {
  out(text: string): void;
  err(text: string): void;
}

/** `scanline start` (npm start): starts the engine, then every adapter that is configured. */
export async function startCommand(config: Config, log: Logger, print: Printer): Promise<number> {
  const runtime = await startRuntime(config, log, { journal: 'file' });
  const { provider, packs } = await runtime.engine.packs();
  print.out(`Scanline engine ready on ${provider.toUpperCase()} (${config.engine.intraOpThreads} threads).`);
  for (const p of packs) {
    if (p.preferredFor.length > 0) print.out(`  ${p.preferredFor.join(', ')}: ${p.name} ${p.version} [${p.origin}]`);
  }
  // The chat adapters and the playground plug in here; until then the shell is the way in.
  const wanted = [config.discord && 'Discord', config.slack && 'Slack'].filter(Boolean);
  print.out(
    wanted.length > 0
      ? `${wanted.join(' and ')} settings were found, but this build has no ${wanted.join('/')} adapter yet.`
      : 'No chat platform is configured.',
  );
  print.out('Try a request from the shell: npx scanline run "read the text in this image" --image sign.png');
  await runtime.close();
  return 0;
}
