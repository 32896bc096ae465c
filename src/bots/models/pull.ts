// `scanline models pull NAME`: asks the hub about every file of the pack,
// checks the disk once, downloads what is missing, then writes manifest.json
// last, so the engine only ever sees a complete pack.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parseManifest } from '../../engine/index.js';
import type { PackManifest } from '../../engine/index.js';
import { ScanlineError } from '../../common/errors.js';
import { externalDataPath, externalDataRole, filesFor, type CatalogEntry } from './catalog.js';
import { ensureFreeSpace, type StatFs } from './disk-space.js';
import { downloadFile, fileSize, type Verification } from './downloader.js';
import { TransientHubError, type HubClient, type RemoteFile } from './hub-client.js';

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
      files: { path: string; role: string; bytes?: number }[];
      totalBytes: number;
      /** Bytes already on disk from an earlier run (finished files and resumable parts). */
      presentBytes: number;
    }
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
  | { event: 'done'; pack: string; dir: string; manifest: string; fetchedBytes: number };

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
}

/** ONNX external data chunks beyond this are not probed (transformers.js caps them the same way). */
const MAX_DATA_CHUNKS = 100;

export async function pullPack(opts: PullOptions): Promise<PullResult> {
  const { entry, hub } = opts;
  const dir = join(opts.modelsDir, entry.name);
  const files = await planFiles(entry, opts.dtype, (path, optional) =>
    withRetries(opts, path, () => hub.head(entry.repo, entry.revision, path, { optional })),
  );
  const totalBytes = sum(files.map((f) => f.remote.size ?? 0));
  const presentBytes = await bytesOnDisk(dir, files);
  const commit = files.find((f) => f.remote.commit)?.remote.commit;
  opts.onEvent({
    event: 'plan',
    pack: entry.name,
    dtype: opts.dtype,
    repo: entry.repo,
    revision: entry.revision,
    commit,
    dir,
    files: files.map((f) => ({ path: f.remote.path, role: f.role, bytes: f.remote.size })),
    totalBytes,
    presentBytes,
  });
  if (opts.dryRun) return { dir, files, totalBytes, fetchedBytes: 0 };

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
      verified: got.verified,
      resumedFrom: got.resumedFrom,
      reused: got.reused,
    });
  }

  const manifest = {
    name: entry.name,
    version: commit ?? entry.revision,
    description: `${entry.description} (${opts.dtype})`,
    tasks: entry.tasks,
    files: installed,
    license: entry.license,
    source: entry.cardUrl,
    // Extra keys are ignored by the engine; they say what was pulled, for people and for a later re-pull.
    pulled: { repo: entry.repo, revision: entry.revision, commit, dtype: opts.dtype, endpoint: hub.endpoint },
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
  opts.onEvent({ event: 'done', pack: entry.name, dir, manifest: manifestPath, fetchedBytes });
  return { dir, manifestPath, files, totalBytes, fetchedBytes };
}

type Head = (path: string, optional: boolean) => Promise<RemoteFile | undefined>;

/** HEAD for every file of the dtype, plus the external data chunks the hub has for each ONNX graph. */
export async function planFiles(entry: CatalogEntry, dtype: string, head: Head): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const file of filesFor(entry, dtype)) {
    const remote = await head(file.path, false);
    if (!remote) continue;
    planned.push({ role: file.role, remote });
    if (!file.externalData) continue;
    for (let chunk = 0; chunk < MAX_DATA_CHUNKS; chunk++) {
      const data = await head(externalDataPath(file.path, chunk), true);
      if (!data) break;
      planned.push({ role: externalDataRole(file.role, chunk), remote: data });
    }
  }
  return planned;
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
