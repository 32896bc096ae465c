import type { Logger } from 'pino';
import { createPackRegistry, defaultRepoModelsDir, ENGINE_TASKS } from '../../engine/index.js';
import { exitCodeFor } from '../../common/errors.js';
import type { Config } from '../config.js';

export const MODELS_USAGE = `Usage: scanline models list [--json]     installed packs and which task each serves
       scanline models verify [NAME]       check pack files against their sha256`;

interface Printer {
  out(text: string): void;
  err(text: string): void;
}

/** `scanline models ...`: reads the pack registry on the main thread (no model is loaded). */
export async function modelsCommand(argv: string[], config: Config, log: Logger, print: Printer): Promise<number> {
  const [sub, ...rest] = argv;
  const registry = createPackRegistry(
    { modelsDirs: config.models.dirs, repoModelsDir: defaultRepoModelsDir() },
    (level, msg, data) => log[level](data ?? {}, msg),
  );
  if (sub === 'list') {
    const listing = registry.listing();
    if (rest.includes('--json')) {
      print.out(JSON.stringify({ packs: listing, skipped: registry.skipped() }, null, 2));
      return 0;
    }
    if (listing.length === 0) print.out('No model packs installed.');
    for (const p of listing) {
      print.out(`${p.name} ${p.version}  [${p.origin}]  tasks: ${p.tasks.join(', ')}  license: ${p.license}`);
      print.out(`    ${p.description}`);
      print.out(`    ${p.dir}`);
    }
    const missing = ENGINE_TASKS.filter((t) => !registry.find(t));
    if (missing.length > 0) print.out(`\nNo pack installed for: ${missing.join(', ')}.`);
    for (const s of registry.skipped()) print.err(`skipped ${s.path}: ${s.problem}`);
    return 0;
  }
  if (sub === 'verify') {
    const name = rest.find((a) => !a.startsWith('-'));
    const packs = registry.list().filter((p) => !name || p.manifest.name === name);
    if (name && packs.length === 0) {
      print.err(`No installed pack is named "${name}". See \`scanline models list\`.`);
      return exitCodeFor('model_missing');
    }
    let bad = 0;
    for (const pack of packs) {
      const checks = await registry.verify(pack);
      for (const c of checks) {
        if (c.status === 'mismatch' || c.status === 'missing') bad++;
        print.out(`${pack.manifest.name}  ${c.role.padEnd(8)} ${c.status}`);
      }
    }
    if (bad > 0) {
      print.err(`${bad} file(s) failed the check. Reinstall the pack (npm ci for npm packs).`);
      return exitCodeFor('model_missing');
    }
    return 0;
  }
  print.err(MODELS_USAGE);
  return exitCodeFor('usage');
}
