// Test wiring for the Janus runners: the two committed tiny packs, found
// through the real pack registry, and a session factory that counts runs.
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-node';
import { createPackRegistry } from '../../../src/engine/pack-registry.js';
import type { InstalledPack, SessionFactory } from '../../../src/engine/task-runner.js';

export const MAIN_PACK_DIR = fileURLToPath(new URL('../../../models/janus-tiny/', import.meta.url));
export const ALT_PACK_DIR = fileURLToPath(new URL('../../fixtures/janus-tiny-alt/', import.meta.url));

/** The pack in `dir`, read by the registry exactly as a user folder would be. */
export function janusPack(dir: string): InstalledPack {
  const registry = createPackRegistry(
    { modelsDirs: [dir], repoModelsDir: fileURLToPath(new URL('./no-such-folder/', import.meta.url)), npmPacks: [] },
    () => undefined,
  );
  const pack = registry.find('generate');
  if (!pack) throw new Error(`no Janus pack in ${dir}: ${JSON.stringify(registry.skipped())}`);
  return pack;
}

/** Wraps a factory so tests can count `run` calls per model file. */
export function countingSessions(inner: SessionFactory): SessionFactory & { runs: Map<string, number> } {
  const runs = new Map<string, number>();
  return {
    runs,
    async create(modelPath: string): Promise<InferenceSession> {
      const session = await inner.create(modelPath);
      const run = session.run.bind(session) as (...args: unknown[]) => Promise<InferenceSession.ReturnType>;
      const name = modelPath.split(/[\\/]/).pop() ?? modelPath;
      (session as { run: unknown }).run = (...args: unknown[]) => {
        runs.set(name, (runs.get(name) ?? 0) + 1);
        return run(...args);
      };
      return session;
    },
  };
}
