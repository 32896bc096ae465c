// `scanline models pull NAME`: resolves the catalog's branch to one commit and
// reads the hashes the hub's API states for it, refuses files it could not check
// (unless --allow-unverified), checks the disk once, downloads every file from that
// commit, then writes manifest.json last, so the engine only ever sees a complete pack.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseManifest } from '../engine/index.js';
import type { PackManifest } from '../engine/index.js';
import { isScanlineError, ScanlineError } from '../common/errors.js';
import { externalDataPath, externalDataRole, filesFor, type CatalogEntry } from './catalog.js';
import { ensureFreeSpace, type StatFs } from './disk-space.js';
import { downloadFile, fileSize, verification, type Verification } from './downloader.js';
import { TransientHubError, type HubClient, type RemoteFile, type RepoSnapshot } from './hub-client.js';

/** Progress of one pull, for the terminal bar, plain log lines or `--json`. */
export type PullEvent =
  | {
      event: 'plan';
      pack: string;
      dtype: string;
      repo: string;
      revision: string;
      commit?: string;
      dir: string;
      files: { path: string; role: string; bytes?: number; verify: Verification }[];
      totalBytes: number;
      /** Bytes already on disk from an earlier run (finished files and resumable parts). */
      presentBytes: number;
      /** Files the hub stated no hash for. */
      unverified: string[];
    }
  | { event: 'warning'; code: 'unverified' | 'no-file-list'; message: string; files: string[] }
  | { event: 'file'; path: string; bytes?: number; index: number; count: number }
  | { event: 'progress'; path: string; fileBytes: number; fileTotal?: number; doneBytes: number; totalBytes: number }
  | { event: 'retry'; path: string; attempt: number; delayMs: number; reason: string }
  | {
      event: 'file-done';
      path: string;
      bytes: number;
      sha256: string;
      verified: Verification;
      resumedFrom: number;
      reused: boolean;
    }
  | {
      event: 'done';
      pack: string;
      dir: string;
      manifest: string;
      fetchedBytes: number;
      commit?: string;
      /** Installed without a hub-stated hash (`--allow-unverified`); also listed in the manifest. */
      unverified: string[];
    };

export interface PullOptions {
  entry: CatalogEntry;
  dtype: string;
  /** The user models folder; the pack goes to `<modelsDir>/<name>/`. */
  modelsDir: string;
  hub: HubClient;
  retries: number;
  backoffMs(attempt: number): number;
  sleep(ms: number): Promise<void>;
  idleTimeoutMs: number;
  statFs?: StatFs;
  /** Left free on the disk after the pull. */
  reserveBytes: number;
  /** Only ask the hub and report the plan. */
  dryRun?: boolean;
  /** Install files the hub stated no hash for, with a warning, and list them in the manifest. */
  allowUnverified?: boolean;
  onEvent(event: PullEvent): void;
  signal?: AbortSignal;
}

export interface PlannedFile {
  role: string;
  remote: RemoteFile;
}

export interface PullResult {
  dir: string;
  manifestPath?: string;
  files: PlannedFile[];
  totalBytes: number;
  fetchedBytes: number;
  commit?: string;
  unverified?: string[];
}

/** ONNX external data chunks beyond this are not probed (transformers.js caps them the same way). */
const MAX_DATA_CHUNKS = 100;

export async function pullPack(opts: PullOptions): Promise<PullResult> {
  const { entry, hub } = opts;
  const dir = join(opts.modelsDir, entry.name);
  const snapshot = await readSnapshot(opts);
  const { files, commit } = snapshot ? await planFromSnapshot(opts, snapshot) : await planFromHeads(opts);
  // Without the API's file list nothing counts as verified, even where download headers carried a hash.
  const unverified = files
    .filter((f) => !snapshot || verification(f.remote) === 'unverified')
    .map((f) => f.remote.path);
  const totalBytes = sum(files.map((f) => f.remote.size ?? 0));
  const presentBytes = await bytesOnDisk(dir, files);
  opts.onEvent({
    event: 'plan',
    pack: entry.name,
    dtype: opts.dtype,
    repo: entry.repo,
    revision: entry.revision,
    commit,
    dir,
    files: files.map((f) => ({
      path: f.remote.path,
      role: f.role,
      bytes: f.remote.size,
      verify: unverified.includes(f.remote.path) ? 'unverified' : verification(f.remote),
    })),
    totalBytes,
    presentBytes,
    unverified,
  });
  if (unverified.length > 0) {
    if (!opts.allowUnverified) {
      throw new ScanlineError('hub_unverified', {
        count: unverified.length,
        repo: entry.repo,
        commit: commit ?? entry.revision,
        files: listNames(unverified),
      });
    }
    opts.onEvent({
      event: 'warning',
      code: 'unverified',
      message: `--allow-unverified: ${unverified.length} file(s) will be installed WITHOUT a hash check (${listNames(unverified)}); the manifest marks them as unverified.`,
      files: unverified,
    });
  }
  if (opts.dryRun) return { dir, files, totalBytes, fetchedBytes: 0, commit, unverified };

  await ensureFreeSpace(opts.modelsDir, totalBytes - presentBytes, opts.reserveBytes, opts.statFs);

  // The old manifest goes first: while files change, the engine must not load this pack.
  const manifestPath = join(dir, 'manifest.json');
  const previous = await readPreviousManifest(manifestPath);
  await rm(manifestPath, { force: true });

  const installed: PackManifest['files'] = {};
  let doneBytes = 0;
  let fetchedBytes = 0;
  for (const [index, file] of files.entries()) {
    const path = file.remote.path;
    opts.onEvent({ event: 'file', path, bytes: file.remote.size, index, count: files.length });
    const base = doneBytes;
    const got = await downloadFile({
      hub,
      remote: file.remote,
      allowUnverified: opts.allowUnverified,
      dest: insidePack(dir, path),
      retries: opts.retries,
      backoffMs: opts.backoffMs,
      sleep: opts.sleep,
      idleTimeoutMs: opts.idleTimeoutMs,
      signal: opts.signal,
      onProgress: (bytes) =>
        opts.onEvent({
          event: 'progress',
          path,
          fileBytes: bytes,
          fileTotal: file.remote.size,
          doneBytes: base + bytes,
          totalBytes,
        }),
      onRetry: (attempt, delayMs, reason) => opts.onEvent({ event: 'retry', path, attempt, delayMs, reason }),
    });
    doneBytes += got.bytes;
    if (!got.reused) fetchedBytes += got.bytes - got.resumedFrom;
    installed[file.role] = { path, sha256: got.sha256, bytes: got.bytes };
    opts.onEvent({
      event: 'file-done',
      path,
      bytes: got.bytes,
      sha256: got.sha256,
      verified: unverified.includes(path) ? 'unverified' : got.verified,
      resumedFrom: got.resumedFrom,
      reused: got.reused,
    });
  }

  const manifest = {
    name: entry.name,
    version: commit ?? entry.revision,
    description: `${entry.description} (${opts.dtype})`,
    tasks: entry.tasks,
    architecture: entry.architecture,
    files: installed,
    license: entry.license,
    source: entry.cardUrl,
    ...(commit ? { revision: commit } : {}),
    ...(unverified.length > 0 ? { unverified } : {}),
    // Extra keys are ignored by the engine; they say what was pulled, for people and for a later re-pull.
    pulled: {
      repo: entry.repo,
      ref: entry.revision,
      commit,
      dtype: opts.dtype,
      endpoint: hub.endpoint,
      hashesFrom: snapshot ? 'hub-api' : 'none',
    },
  };
  const parsed = parseManifest(manifest);
  if (!parsed.ok) throw new Error(`catalog entry ${entry.name} makes an invalid manifest: ${parsed.problem}`);
  await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${manifestPath}.tmp`, manifestPath);

  // Files of the previous install that this dtype no longer uses would only take disk space.
  const keep = new Set(Object.values(installed).map((f) => f.path));
  for (const old of previous) {
    if (!keep.has(old)) await rm(insidePack(dir, old), { force: true });
  }
  opts.onEvent({ event: 'done', pack: entry.name, dir, manifest: manifestPath, fetchedBytes, commit, unverified });
  return { dir, manifestPath, files, totalBytes, fetchedBytes, commit, unverified };
}

/** The commit and the hub's stated hashes; `undefined` only when the hub gave no file list and that is allowed. */
async function readSnapshot(opts: PullOptions): Promise<RepoSnapshot | undefined> {
  const { entry, hub } = opts;
  try {
    return await withRetries(opts, `file list of ${entry.repo}`, () => hub.snapshot(entry.repo, entry.revision));
  } catch (error) {
    if (!opts.allowUnverified || !isScanlineError(error) || error.code !== 'hub_file_list_missing') throw error;
    opts.onEvent({
      event: 'warning',
      code: 'no-file-list',
      message: `--allow-unverified: ${hub.endpoint} gave no file list with hashes for ${entry.repo}@${entry.revision} (${error.params.detail}); going on WITHOUT hash checks.`,
      files: [],
    });
    return undefined;
  }
}

/** Files from the API's listing of the pinned commit; ONNX weights count as checked only by an LFS sha256. */
async function planFromSnapshot(
  opts: PullOptions,
  snapshot: RepoSnapshot,
): Promise<{ files: PlannedFile[]; commit: string }> {
  const { entry, hub } = opts;
  const files = await planFiles(entry, opts.dtype, async (path, optional, weights) => {
    if (!snapshot.files.has(path)) {
      if (optional) return undefined;
      throw hub.missingFile(entry.repo, entry.revision, path);
    }
    // A blob id of weights names the LFS pointer, not the bytes: only the sha256 checks them.
    return hub.remoteFile(snapshot, path, !weights);
  });
  return { files, commit: snapshot.commit };
}

/** `--allow-unverified` without the API: HEAD each file, pinned to the commit the first answer names. */
async function planFromHeads(opts: PullOptions): Promise<{ files: PlannedFile[]; commit?: string }> {
  const { entry, hub } = opts;
  let commit: string | undefined;
  const files = await planFiles(entry, opts.dtype, async (path, optional) => {
    const remote = await withRetries(opts, path, () =>
      hub.head(entry.repo, commit ?? entry.revision, path, { optional }),
    );
    commit ??= remote?.commit && /^[0-9a-f]{40}$/.test(remote.commit) ? remote.commit : undefined;
    return remote;
  });
  const pinned = commit;
  if (pinned) {
    for (const f of files)
      f.remote = { ...f.remote, revision: pinned, commit: pinned, url: hub.fileUrl(entry.repo, pinned, f.remote.path) };
  }
  return { files, commit: pinned };
}

type Lookup = (path: string, optional: boolean, weights: boolean) => Promise<RemoteFile | undefined>;

/** Every file of the dtype, plus the external data chunks the hub has for each ONNX graph. */
export async function planFiles(entry: CatalogEntry, dtype: string, lookup: Lookup): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const file of filesFor(entry, dtype)) {
    const weights = Boolean(file.externalData);
    const remote = await lookup(file.path, false, weights);
    if (!remote) continue;
    planned.push({ role: file.role, remote });
    if (!file.externalData) continue;
    for (let chunk = 0; chunk < MAX_DATA_CHUNKS; chunk++) {
      const data = await lookup(externalDataPath(file.path, chunk), true, true);
      if (!data) break;
      planned.push({ role: externalDataRole(file.role, chunk), remote: data });
    }
  }
  return planned;
}

/** A few names for a one-line message: `a, b, c and 4 more`. */
function listNames(paths: string[], max = 3): string {
  const shown = paths.slice(0, max).join(', ');
  return paths.length > max ? `${shown} and ${paths.length - max} more` : shown;
}

/** The same bounded retries as downloads, for the HEAD requests of the plan. */
async function withRetries<T>(opts: PullOptions, path: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof TransientHubError)) throw error;
      if (attempt > opts.retries) {
        throw new ScanlineError(
          'hub_unreachable',
          { path, endpoint: opts.hub.endpoint, attempts: attempt, detail: error.message },
          { cause: error },
        );
      }
      const delay = error.retryAfterMs ?? opts.backoffMs(attempt);
      opts.onEvent({ event: 'retry', path, attempt, delayMs: delay, reason: error.message });
      await opts.sleep(delay);
    }
  }
}

async function bytesOnDisk(dir: string, files: PlannedFile[]): Promise<number> {
  let total = 0;
  for (const f of files) {
    const dest = insidePack(dir, f.remote.path);
    const final = await fileSize(dest);
    if (final !== undefined && final === f.remote.size) total += final;
    else total += Math.min((await fileSize(`${dest}.part`)) ?? 0, f.remote.size ?? 0);
  }
  return total;
}

async function readPreviousManifest(path: string): Promise<string[]> {
  try {
    const parsed = parseManifest(JSON.parse(await readFile(path, 'utf8')));
    return parsed.ok ? Object.values(parsed.manifest.files).map((f) => f.path) : [];
  } catch {
    return [];
  }
}

/** Hub paths come from the network: refuse any that would land outside the pack folder. */
function insidePack(dir: string, path: string): string {
  const abs = resolve(dir, path);
  const rel = relative(resolve(dir), abs);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) {
    throw new ScanlineError('download_failed', { name: path, detail: 'path outside the pack folder' });
  }
  return abs;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
