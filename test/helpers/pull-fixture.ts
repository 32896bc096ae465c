// `scanline models ...` in-process against the fake hub: a fresh models folder per test, and the hub it pulls from.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { modelsCommand, type ModelsCommandDeps } from '../../src/bots/commands/models-command.js';
import { loadConfig } from '../../src/common/config.js';
import { startFakeHub, type FakeHub, type FakeHubOptions } from '../fakes/fake-hub.js';
import { generatedTinyRepo, TINY_REPO } from '../fakes/tiny-janus-repo.js';
import { capturingPrinter, commandArgs } from './command-in-process.js';

export interface ModelsRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scanline models <args>` in-process with `env` as the whole environment; never asks, never waits. */
export async function modelsInProcess(
  args: string[],
  env: Record<string, string>,
  deps: Partial<ModelsCommandDeps> = {},
): Promise<ModelsRun> {
  const captured = capturingPrinter();
  const code = await modelsCommand(
    commandArgs(['models', ...args]),
    { config: loadConfig(env), log: pino({ level: 'silent' }), print: captured.print },
    { env, stdinIsTTY: false, stderrIsTTY: false, sleep: async () => {}, backoffBaseMs: 0, ...deps },
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

export interface PullFixture {
  /** The models folder of the running test (SCANLINE_MODELS_DIR). */
  dir(): string;
  /** Where janus-tiny is pulled to. */
  packDir(): string;
  /** Starts the fake hub (the generated tiny repo, LFS behind a CDN unless `opts` say otherwise). */
  serve(opts?: Partial<FakeHubOptions>): Promise<{ hub: FakeHub; env: Record<string, string> }>;
}

/** Registers the hooks: each test gets an empty models folder; its hub is closed and the folder removed after it. */
export function usePullFixture(prefix: string): PullFixture {
  let dir = '';
  let hub: FakeHub | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    packDir: () => join(dir, 'janus-tiny'),
    async serve(opts = {}) {
      await hub?.close();
      hub = await startFakeHub({ repos: { [TINY_REPO]: generatedTinyRepo() }, redirectToCdn: true, ...opts });
      return { hub, env: { SCANLINE_MODELS_DIR: dir, HF_ENDPOINT: hub.url } };
    },
  };
}
