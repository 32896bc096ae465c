import { createInterface } from 'node:readline/promises';
import type { Logger } from 'pino';
import {
  createPackRegistry,
  defaultRepoModelsDir,
  ENGINE_TASKS,
  PACKLESS_TASKS,
  type PackRegistry,
} from '../../engine/index.js';
import { exitCodeFor, isScanlineError, ScanlineError } from '../../common/errors.js';
import type { Config } from '../../common/config.js';
import { CATALOG, findCatalogEntry, type CatalogEntry } from '../models/catalog.js';
import type { StatFs } from '../models/disk-space.js';
import { HubClient } from '../models/hub-client.js';
import { formatBytes, jsonReporter, lineReporter, ttyReporter, type PullReporter } from '../models/progress.js';
import { pullPack } from '../models/pull.js';
import { planRemoval, removePack } from '../models/remove.js';
import { defaultUserModelsDir, readableModelsDirs } from '../models/user-models-dir.js';
import type { Printer } from './printer.js';

export const MODELS_USAGE = `Usage: scanline models list [--json]     installed packs, which task each serves, packs to pull
       scanline models verify [NAME]       check pack files against their sha256
       scanline models pull NAME [--dtype D] [--dry-run] [--retries N] [--json] [--allow-unverified]
                                           download a pack from the Hugging Face hub (HF_ENDPOINT,
                                           HF_TOKEN) into SCANLINE_MODELS_DIR, pinned to one commit;
                                           resumes; checks every file against the hash the hub's API
                                           states (--allow-unverified installs files it cannot check,
                                           with a warning, marked in the manifest)
       scanline models remove NAME [--yes] delete a pulled pack (never repo or npm packs)`;

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

const DEFAULT_RETRIES = 5;
/** Left free on the disk after a pull, so the system does not end up at zero. */
const RESERVE_BYTES = 100e6;

/** `scanline models ...`: reads the pack registry on the main thread (no model is loaded). */
export async function modelsCommand(
  argv: string[],
  config: Config,
  log: Logger,
  print: Printer,
  overrides: Partial<ModelsCommandDeps> = {},
): Promise<number> {
  const deps = { ...PROCESS_DEPS, ...overrides };
  const [sub, ...rest] = argv;
  const json = rest.includes('--json');
  // Pulls go to SCANLINE_MODELS_DIR, or to the user's data folder when it is unset.
  const pullDir = config.models.dirs[0] ?? defaultUserModelsDir(deps.env);
  const readDirs = readableModelsDirs(config.models.dirs, deps.env);
  const makeRegistry = () =>
    createPackRegistry({ modelsDirs: readDirs, repoModelsDir: defaultRepoModelsDir() }, (level, msg, data) =>
      log[level](data ?? {}, msg),
    );
  try {
    switch (sub) {
      case 'list':
        return listPacks(makeRegistry(), json, pullDir, print);
      case 'verify':
        return await verifyPacks(makeRegistry(), rest, print);
      case 'pull':
        return await pull(rest, config, pullDir, makeRegistry, print, deps);
      case 'remove':
        return await remove(rest, readDirs.length > 0 ? readDirs : [pullDir], makeRegistry(), print, deps);
      default:
        print.err(MODELS_USAGE);
        return exitCodeFor('usage');
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

async function verifyPacks(registry: PackRegistry, rest: string[], print: Printer): Promise<number> {
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

interface PullArgs {
  name: string;
  dtype?: string;
  dryRun: boolean;
  retries: number;
  json: boolean;
  allowUnverified: boolean;
}

function parsePullArgs(rest: string[]): PullArgs {
  const args: PullArgs = { name: '', dryRun: false, retries: DEFAULT_RETRIES, json: false, allowUnverified: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new ScanlineError('usage', { detail: `${a} needs a value.` });
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--dry-run') args.dryRun = true;
    else if (a === '--allow-unverified') args.allowUnverified = true;
    else if (a === '--dtype') args.dtype = value();
    else if (a === '--retries') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 100) {
        throw new ScanlineError('usage', { detail: '--retries takes a whole number from 0 to 100.' });
      }
      args.retries = n;
    } else if (a.startsWith('-'))
      throw new ScanlineError('usage', { detail: `Unknown option ${a}.\n\n${MODELS_USAGE}` });
    else if (!args.name) args.name = a;
    else throw new ScanlineError('usage', { detail: `Pull one pack at a time (got "${args.name}" and "${a}").` });
  }
  if (!args.name) throw new ScanlineError('usage', { detail: `Which pack? ${MODELS_USAGE}` });
  return args;
}

async function pull(
  rest: string[],
  config: Config,
  pullDir: string,
  makeRegistry: () => PackRegistry,
  print: Printer,
  deps: ModelsCommandDeps,
): Promise<number> {
  const args = parsePullArgs(rest);
  const entry = findCatalogEntry(args.name);
  if (!entry) {
    throw new ScanlineError('pack_unknown', { name: args.name, known: CATALOG.map((e) => e.name).join(', ') });
  }
  const dtype = args.dtype ?? entry.defaultDtype;
  if (!entry.dtypes[dtype]) {
    throw new ScanlineError('dtype_unknown', {
      name: entry.name,
      dtype,
      choices: Object.keys(entry.dtypes).join(', '),
    });
  }
  const reporter: PullReporter = args.json
    ? jsonReporter((t) => print.out(t.replace(/\n$/, '')))
    : deps.stderrIsTTY
      ? ttyReporter(deps.stderrWrite, deps.columns)
      : lineReporter((t) => print.err(t.replace(/\n$/, '')));
  const result = await pullPack({
    entry,
    dtype,
    modelsDir: pullDir,
    hub: new HubClient({ endpoint: config.models.hfEndpoint, token: config.models.hfToken, fetch: deps.fetch }),
    retries: args.retries,
    backoffMs: (attempt) => Math.min(30_000, deps.backoffBaseMs * 2 ** (attempt - 1)),
    sleep: deps.sleep,
    idleTimeoutMs: deps.idleTimeoutMs,
    statFs: deps.statFs,
    reserveBytes: RESERVE_BYTES,
    dryRun: args.dryRun,
    allowUnverified: args.allowUnverified,
    onEvent: reporter,
  });
  if (args.dryRun) return 0;
  // The engine reads the same folders: make sure it will see what was just written.
  const registry = makeRegistry();
  const pack = registry.listing().find((p) => p.name === entry.name && p.dir === result.dir);
  if (!pack) {
    const why = registry.skipped().find((s) => s.path.startsWith(result.dir))?.problem ?? 'not found';
    throw new Error(`pulled ${entry.name} into ${result.dir} but the pack registry does not see it: ${why}`);
  }
  if (!args.json) {
    const serves = pack.preferredFor.length > 0 ? pack.preferredFor.join(', ') : 'nothing (another pack is preferred)';
    print.err(`${entry.name} now serves: ${serves}. Check it any time with \`scanline models verify ${entry.name}\`.`);
  }
  return 0;
}

async function remove(
  rest: string[],
  userDirs: string[],
  registry: PackRegistry,
  print: Printer,
  deps: ModelsCommandDeps,
): Promise<number> {
  const name = rest.find((a) => !a.startsWith('-'));
  const unknown = rest.find((a) => a.startsWith('-') && a !== '--yes' && a !== '-y' && a !== '--json');
  if (!name || unknown) {
    throw new ScanlineError('usage', { detail: `${unknown ? `Unknown option ${unknown}. ` : ''}${MODELS_USAGE}` });
  }
  const plan = await planRemoval(name, registry.listing(), userDirs);
  if (!plan) {
    print.err(`No pack named "${name}" is in ${userDirs.join(', ')}. See \`scanline models list\`.`);
    return exitCodeFor('model_missing');
  }
  const what = `${plan.dir} (${plan.files} files, ${formatBytes(plan.bytes)}${plan.installed ? '' : ', an unfinished pull'})`;
  print.err(`This removes ${what}.`);
  if (!rest.includes('--yes') && !rest.includes('-y')) {
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
