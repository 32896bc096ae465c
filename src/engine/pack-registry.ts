// Finds installed model packs in three places (user folders, the repo's
// models/, npm packages) and prefers them in that order: user > repo > npm.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHITECTURE_PREFERENCE } from './builtin-runners.js';
import type { EngineLog } from './engine-log.js';
import { NPM_PACKS, type NpmPackDescriptor } from './npm-packs.js';
import { parseManifest } from './pack-manifest.js';
import type { InstalledPack, PackLookup, PackManifest, PackOrigin } from './task-runner.js';
import type { EngineTask } from './types.js';

export interface PackRegistryOptions {
  /** User folders (SCANLINE_MODELS_DIR), searched first, in order. */
  modelsDirs: string[];
  /** Defaults to the repo's `models/` folder, found from this file's location. */
  repoModelsDir?: string;
  /** Per task, architectures in preference order within one place; defaults to ARCHITECTURE_PREFERENCE. */
  architecturePreference?: Partial<Record<EngineTask, readonly string[]>>;
  /** Defaults to the built-in table. */
  npmPacks?: readonly NpmPackDescriptor[];
  /** Folder of an installed npm package, or undefined; defaults to Node resolution from here. */
  resolvePackageDir?: (packageName: string) => string | undefined;
}

export type PackFileStatus = 'ok' | 'mismatch' | 'missing' | 'unchecked';

export interface PackFileCheck {
  role: string;
  path: string;
  /** `unchecked`: present, but the manifest declares no sha256. */
  status: PackFileStatus;
  expectedSha256?: string;
  actualSha256?: string;
  detail?: string;
}

/** A pack folder that was found but not usable, for `scanline models list`. */
export interface SkippedPack {
  path: string;
  problem: string;
}

/** Plain-data view of a pack, for `scanline models list` and the startup banner. */
export interface PackListing {
  name: string;
  version: string;
  description: string;
  tasks: EngineTask[];
  architecture: string;
  origin: PackOrigin;
  dir: string;
  license: string;
  source: string;
  /** Tasks for which `find` picks this pack. */
  preferredFor: EngineTask[];
}

export interface PackRegistry extends PackLookup {
  /** Hashes (streamed) the files that declare a sha256. */
  verify(pack: InstalledPack): Promise<PackFileCheck[]>;
  /** Scans all places again (after `models pull` or `remove`). */
  refresh(): void;
  skipped(): SkippedPack[];
  listing(): PackListing[];
}

/** The preference order of `find`: a pack the user installed beats the repo's, which beats an npm package's. */
const ORIGIN_RANK: Record<PackOrigin, number> = { user: 0, repo: 1, npm: 2 };

export function defaultRepoModelsDir(): string {
  return fileURLToPath(new URL('../../models/', import.meta.url));
}

export function createPackRegistry(opts: PackRegistryOptions, log: EngineLog): PackRegistry {
  const resolvePackageDir = opts.resolvePackageDir ?? resolveInstalledPackageDir;
  let packs: InstalledPack[] = [];
  let skipped: SkippedPack[] = [];

  function skip(path: string, problem: string): void {
    skipped.push({ path, problem });
    log('warn', `Model pack skipped: ${path}: ${problem}`, { path, problem });
  }

  function admit(manifest: PackManifest, dir: string, origin: PackOrigin, where: string): void {
    for (const [role, file] of Object.entries(manifest.files)) {
      const abs = join(dir, file.path);
      const size = fileSize(abs);
      if (size === undefined) return skip(where, `file "${role}" (${file.path}) is missing`);
      if (file.bytes !== undefined && size !== file.bytes) {
        return skip(
          where,
          `file "${role}" (${file.path}) has ${size} bytes, expected ${file.bytes} (incomplete download?)`,
        );
      }
    }
    packs.push(installedPack(manifest, dir, origin));
  }

  function scanPackDir(dir: string, origin: PackOrigin): void {
    const manifestPath = join(dir, 'manifest.json');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (error) {
      return skip(manifestPath, `not readable JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const parsed = parseManifest(json);
    if (!parsed.ok) return skip(manifestPath, parsed.problem);
    if (parsed.ignoredTasks.length > 0) {
      log('warn', `Model pack ${manifestPath}: ignoring unknown tasks ${parsed.ignoredTasks.join(', ')}`);
    }
    admit(parsed.manifest, dir, origin, manifestPath);
  }

  function scanFolder(root: string, origin: PackOrigin, mustExist: boolean): void {
    if (!isDirectory(root)) {
      if (mustExist) log('warn', `Models folder ${root} does not exist; no packs read from it`, { path: root });
      return;
    }
    // The folder itself may be one pack, or hold one pack per subfolder.
    if (existsSync(join(root, 'manifest.json'))) return scanPackDir(root, origin);
    const subdirs = readdirSync(root)
      .filter((name) => !name.startsWith('.') && isDirectory(join(root, name)))
      .sort();
    for (const name of subdirs) {
      if (existsSync(join(root, name, 'manifest.json'))) scanPackDir(join(root, name), origin);
    }
  }

  function refresh(): void {
    packs = [];
    skipped = [];
    for (const dir of opts.modelsDirs) scanFolder(dir, 'user', true);
    scanFolder(opts.repoModelsDir ?? defaultRepoModelsDir(), 'repo', false);
    for (const desc of opts.npmPacks ?? NPM_PACKS) {
      const dir = resolvePackageDir(desc.packageName);
      // Not installed is normal (optional packages); files missing inside one is worth a warning.
      if (dir !== undefined) admit(desc.manifest, dir, 'npm', `${desc.packageName} (${dir})`);
    }
    // Stable sort keeps discovery order within one origin.
    packs.sort((a, b) => ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin]);
  }

  refresh();

  const preference = opts.architecturePreference ?? ARCHITECTURE_PREFERENCE;
  // Place first (user > repo > npm), then the task's architecture preference; stable, so discovery order last.
  const findAll = (task: EngineTask): InstalledPack[] => {
    const order = preference[task] ?? [];
    const rank = (p: InstalledPack): number => {
      const i = order.indexOf(p.manifest.architecture);
      return i === -1 ? order.length : i;
    };
    return packs
      .filter((p) => p.manifest.tasks.includes(task))
      .sort((a, b) => ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin] || rank(a) - rank(b));
  };
  const find = (task: EngineTask, architecture?: string): InstalledPack | undefined =>
    findAll(task).find((p) => architecture === undefined || p.manifest.architecture === architecture);

  return {
    find,
    findAll,
    list: () => [...packs],
    refresh,
    skipped: () => [...skipped],
    verify: verifyPack,
    listing: () =>
      packs.map((pack) => ({
        name: pack.manifest.name,
        version: pack.manifest.version,
        description: pack.manifest.description,
        tasks: [...pack.manifest.tasks],
        architecture: pack.manifest.architecture,
        origin: pack.origin,
        dir: pack.dir,
        license: pack.manifest.license,
        source: pack.manifest.source,
        preferredFor: pack.manifest.tasks.filter((t) => find(t) === pack),
      })),
  };
}

function installedPack(manifest: PackManifest, dir: string, origin: PackOrigin): InstalledPack {
  return {
    manifest,
    dir,
    origin,
    file(role: string): string {
      const entry = manifest.files[role];
      if (!entry) throw new Error(`Model pack ${manifest.name} has no file with role "${role}"`);
      return join(dir, entry.path);
    },
  };
}

export async function verifyPack(pack: InstalledPack): Promise<PackFileCheck[]> {
  const checks: PackFileCheck[] = [];
  for (const [role, file] of Object.entries(pack.manifest.files)) {
    const abs = pack.file(role);
    const base = { role, path: abs };
    const size = fileSize(abs);
    if (size === undefined) {
      checks.push({ ...base, status: 'missing' });
    } else if (file.bytes !== undefined && size !== file.bytes) {
      checks.push({ ...base, status: 'mismatch', detail: `${size} bytes, expected ${file.bytes}` });
    } else if (file.sha256 === undefined) {
      checks.push({ ...base, status: 'unchecked' });
    } else {
      const actual = await sha256File(abs);
      const expected = file.sha256.toLowerCase();
      checks.push({
        ...base,
        status: actual === expected ? 'ok' : 'mismatch',
        expectedSha256: expected,
        actualSha256: actual,
      });
    }
  }
  return checks;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Node resolution, also for packages whose `exports` hide package.json. */
export function resolveInstalledPackageDir(packageName: string): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    // ERR_PACKAGE_PATH_NOT_EXPORTED (or not installed): walk the same node_modules chain by hand.
  }
  for (const base of require.resolve.paths(packageName) ?? []) {
    const dir = join(base, packageName);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
