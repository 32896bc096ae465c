// Starts the real runtime (engine worker, scheduler, pipeline) and a playground on a free loopback port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startWebAdapter, type Playground, type PlaygroundOptions } from '../../src/adapters/web/index.js';
import type { AdapterRuntime } from '../../src/adapters/adapter-runtime.js';
import { loadConfig, type Config } from '../../src/common/config.js';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';

export const silent = pino({ level: 'silent' });

export interface TestPlayground {
  runtime: Runtime;
  config: Config;
  playground: Playground;
  /** Another playground on the same runtime, with other settings (e.g. a token). */
  another(env: Record<string, string>, opts?: PlaygroundOptions): Promise<Playground>;
  close(): Promise<void>;
}

function configFor(dir: string, env: Record<string, string>): Config {
  const config = loadConfig({ HOME: dir, SCANLINE_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
  // Port 0: the system picks a free port, so test files can run side by side.
  return { ...config, playground: { ...config.playground, port: 0 } };
}

export async function startTestPlayground(
  env: Record<string, string> = {},
  opts: PlaygroundOptions = {},
): Promise<TestPlayground> {
  const dir = await mkdtemp(join(tmpdir(), 'scanline-web-'));
  const config = configFor(dir, env);
  const runtime = await startRuntime(config, silent, { journal: 'memory' });
  const playground = await startWebAdapter(runtime, config, silent, opts);
  const others: Playground[] = [];
  return {
    runtime,
    config,
    playground,
    async another(extra, extraOpts = {}) {
      const other = await startWebAdapter(runtime, configFor(dir, { ...env, ...extra }), silent, extraOpts);
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await playground.close();
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A playground on a runtime the test built itself (its own pipeline and handlers), in a fresh data folder. */
export async function startPlaygroundOn(
  runtime: AdapterRuntime,
  opts: PlaygroundOptions = {},
): Promise<{ playground: Playground; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'scanline-web-'));
  const playground = await startWebAdapter(runtime, configFor(dir, {}), silent, opts);
  return {
    playground,
    async close() {
      await playground.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
