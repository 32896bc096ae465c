// Downloads one hub file into `<dest>.part`, resuming what an earlier run left,
// hashing as bytes arrive, and renames it into place only once it matches the
// size and hash the hub stated; a file with no stated hash is refused unless allowed.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ScanlineError } from '../common/errors.js';
import { freeBytes, toMb } from './disk-space.js';
import { TransientHubError, type HubClient, type RemoteFile } from './hub-client.js';

export interface DownloadOptions {
  hub: HubClient;
  remote: RemoteFile;
  /** Final absolute path. */
  dest: string;
  /** Further attempts after a network error, 5xx or 429 that brought no new bytes. */
  retries: number;
  /** Delay before retry n (1-based), unless the server sent Retry-After. */
  backoffMs(attempt: number): number;
  sleep(ms: number): Promise<void>;
  /** A connection that sends nothing for this long is dropped and retried. */
  idleTimeoutMs: number;
  /** Bytes of this file on disk so far (resumed part included). */
  onProgress?(bytes: number): void;
  onRetry?(attempt: number, delayMs: number, reason: string): void;
  /** Install a file the hub stated no hash for (checked by size at most); off, such a file is refused. */
  allowUnverified?: boolean;
  signal?: AbortSignal;
}

/** How the bytes were checked: against the hub's sha256, the git blob id, or not at all (`--allow-unverified`). */
export type Verification = 'sha256' | 'git-sha1' | 'unverified';

export interface DownloadedFile {
  bytes: number;
  sha256: string;
  verified: Verification;
  /** Bytes a previous run had left in `.part` and that were not fetched again. */
  resumedFrom: number;
  /** The final file was already there and correct: nothing was fetched. */
  reused: boolean;
}

interface PartMeta {
  etag?: string;
  size?: number;
  commit?: string;
}

/** sha256 always (for the manifest); the git blob id too when the hub identifies the file by one. */
class FileDigest {
  private sha256: Hash = createHash('sha256');
  private gitSha1?: Hash;

  constructor(private readonly remote: RemoteFile) {
    this.reset();
  }

  reset(): void {
    this.sha256 = createHash('sha256');
    this.gitSha1 = undefined;
    if (this.remote.gitSha1 && this.remote.size !== undefined) {
      this.gitSha1 = createHash('sha1').update(`blob ${this.remote.size}\0`);
    }
  }

  update(chunk: Uint8Array): void {
    this.sha256.update(chunk);
    this.gitSha1?.update(chunk);
  }

  finish(): { sha256: string; gitSha1?: string } {
    return { sha256: this.sha256.digest('hex'), gitSha1: this.gitSha1?.digest('hex') };
  }
}

export async function downloadFile(opts: DownloadOptions): Promise<DownloadedFile> {
  const { remote, dest } = opts;
  const part = `${dest}.part`;
  const metaPath = `${dest}.part.json`;
  if (verification(remote) === 'unverified' && !opts.allowUnverified) {
    throw new ScanlineError('hub_unverified', {
      count: 1,
      repo: remote.repo,
      commit: remote.commit ?? remote.revision,
      files: remote.path,
    });
  }
  await mkdir(dirname(dest), { recursive: true });

  const existing = await fileSize(dest);
  if (existing !== undefined) {
    if (remote.size === undefined || existing === remote.size) {
      const digest = new FileDigest(remote);
      await hashInto(dest, digest);
      const result = digest.finish();
      if (checkDigest(remote, result).ok) {
        opts.onProgress?.(existing);
        return { bytes: existing, sha256: result.sha256, verified: verification(remote), resumedFrom: 0, reused: true };
      }
    }
    await rm(dest, { force: true });
  }

  // A part from another version of the file (another hash, or another commit when there is no hash) cannot be continued.
  const meta = await readMeta(metaPath);
  let start = (await fileSize(part)) ?? 0;
  const otherVersion =
    meta?.etag !== remote.etag ||
    meta?.size !== remote.size ||
    (remote.etag === undefined && meta?.commit !== remote.commit) ||
    (remote.size !== undefined && start > remote.size);
  if (start > 0 && otherVersion) {
    await rm(part, { force: true });
    start = 0;
  }
  await writeFile(
    metaPath,
    JSON.stringify({ etag: remote.etag, size: remote.size, commit: remote.commit } satisfies PartMeta),
  );

  const digest = new FileDigest(remote);
  if (start > 0) await hashInto(part, digest);
  const resumedFrom = start;
  opts.onProgress?.(start);

  let attempt = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (remote.size !== undefined && start === remote.size) break;
    const before = start;
    try {
      start = await fetchInto(opts, part, start, digest);
      break;
    } catch (error) {
      if (error instanceof ScanlineError && error.code === 'download_corrupt') {
        await rm(part, { force: true });
        await rm(metaPath, { force: true });
      }
      if (!(error instanceof TransientHubError)) throw error;
      start = (await fileSize(part)) ?? 0;
      // Bytes that arrived count as progress: only attempts that brought nothing use up the budget.
      if (start > before) attempt = 0;
      attempt++;
      if (attempt > opts.retries) {
        throw new ScanlineError(
          'hub_unreachable',
          { path: remote.path, endpoint: opts.hub.endpoint, attempts: attempt, detail: error.message },
          { cause: error },
        );
      }
      const delay = error.retryAfterMs ?? opts.backoffMs(attempt);
      opts.onRetry?.(attempt, delay, error.message);
      await opts.sleep(delay);
    }
  }

  const result = digest.finish();
  const check = checkDigest(remote, result, start);
  if (!check.ok) {
    await rm(part, { force: true });
    await rm(metaPath, { force: true });
    throw new ScanlineError('download_corrupt', {
      path: remote.path,
      repo: remote.repo,
      algorithm: check.algorithm,
      expected: check.expected,
      actual: check.actual,
    });
  }
  await rename(part, dest);
  await rm(metaPath, { force: true });
  return { bytes: start, sha256: result.sha256, verified: verification(remote), resumedFrom, reused: false };
}

/** One GET from `start`; appends to the part and the digest chunk by chunk. Returns the bytes now in the part. */
async function fetchInto(opts: DownloadOptions, part: string, start: number, digest: FileDigest): Promise<number> {
  const idle = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => idle.abort(new Error(`no data for ${Math.round(opts.idleTimeoutMs / 1000)} s`)),
      opts.idleTimeoutMs,
    );
  };
  arm();
  let handle: FileHandle | undefined;
  let written = start;
  try {
    const res = await opts.hub.openRange(opts.remote, start, signal);
    const expected = opts.remote.size;
    // The server's own idea of the file's length, when it differs from the hub's, ends the download at once.
    if (expected !== undefined && res.total !== undefined && res.total !== expected) {
      await res.body?.cancel();
      throw sizeMismatch(opts.remote, res.total);
    }
    if (res.status !== 206) {
      // 200: the server sent the whole file; 416: our part is not a prefix of it. Start over either way.
      digest.reset();
      written = 0;
      if (res.status === 416) {
        await rm(part, { force: true });
        throw new TransientHubError('the server refused the resume range (416); starting the file again');
      }
    }
    handle = await open(part, written === 0 ? 'w' : 'a');
    if (!res.body) throw new TransientHubError('empty response body');
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arm();
      // Bytes past the stated size are never written: a wrong server cannot fill the disk.
      if (expected !== undefined && written + value.byteLength > expected) {
        await reader.cancel();
        throw sizeMismatch(opts.remote, written + value.byteLength, true);
      }
      await handle.write(value);
      digest.update(value);
      written += value.byteLength;
      opts.onProgress?.(written);
    }
    if (opts.remote.size !== undefined && written < opts.remote.size) {
      throw new TransientHubError(`the connection closed after ${written} of ${opts.remote.size} bytes`);
    }
    return written;
  } catch (error) {
    if (error instanceof ScanlineError || error instanceof TransientHubError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      const size = opts.remote.size;
      throw await diskFullError(part, size === undefined ? undefined : size - written, error);
    }
    if (opts.signal?.aborted) throw error;
    const reason = idle.signal.aborted && idle.signal.reason instanceof Error ? idle.signal.reason.message : undefined;
    throw new TransientHubError(reason ?? errorDetail(error), undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    await handle?.close();
  }
}

function sizeMismatch(remote: RemoteFile, actual: number, atLeast = false): ScanlineError {
  return new ScanlineError('download_corrupt', {
    path: remote.path,
    repo: remote.repo,
    algorithm: 'size',
    expected: `${remote.size ?? '?'} bytes`,
    actual: `${atLeast ? 'at least ' : ''}${actual} bytes`,
  });
}

/** The disk filled up although the free-space check passed (something else is writing there too). */
async function diskFullError(path: string, missingBytes: number | undefined, cause: unknown): Promise<ScanlineError> {
  const free = await freeBytes(dirname(path)).catch(() => 0);
  const need = missingBytes ?? 0;
  return new ScanlineError(
    'disk_full',
    { dir: dirname(path), needMb: toMb(need), freeMb: toMb(free), shortMb: toMb(Math.max(need - free, 0)) },
    { cause },
  );
}

type DigestCheck = { ok: true } | { ok: false; algorithm: string; expected: string; actual: string };

function checkDigest(remote: RemoteFile, got: { sha256: string; gitSha1?: string }, bytes?: number): DigestCheck {
  if (bytes !== undefined && remote.size !== undefined && bytes !== remote.size) {
    return { ok: false, algorithm: 'size', expected: `${remote.size} bytes`, actual: `${bytes} bytes` };
  }
  if (remote.sha256 && got.sha256 !== remote.sha256) {
    return { ok: false, algorithm: 'sha256', expected: remote.sha256, actual: got.sha256 };
  }
  if (remote.gitSha1 && got.gitSha1 !== undefined && got.gitSha1 !== remote.gitSha1) {
    return { ok: false, algorithm: 'git-sha1', expected: remote.gitSha1, actual: got.gitSha1 };
  }
  return { ok: true };
}

export function verification(remote: RemoteFile): Verification {
  if (remote.sha256) return 'sha256';
  if (remote.gitSha1 && remote.size !== undefined) return 'git-sha1';
  return 'unverified';
}

function hashInto(path: string, digest: FileDigest): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(path)
      .on('data', (chunk) => digest.update(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
      .on('error', reject)
      .on('end', () => resolve());
  });
}

async function readMeta(path: string): Promise<PartMeta | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      const { etag, size, commit } = parsed as Record<string, unknown>;
      return {
        etag: typeof etag === 'string' ? etag : undefined,
        size: typeof size === 'number' ? size : undefined,
        commit: typeof commit === 'string' ? commit : undefined,
      };
    }
  } catch {
    // No sidecar (or a damaged one): the part cannot be trusted.
  }
  return undefined;
}

export async function fileSize(path: string): Promise<number | undefined> {
  try {
    const st = await stat(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function errorDetail(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
