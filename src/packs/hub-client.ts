// Talks to a Hugging Face hub (or a mirror at HF_ENDPOINT) the way its own
// clients do: the model info and tree APIs for the commit id and the hashes the
// hub states, `{endpoint}/{repo}/resolve/{commit}/{path}` for the bytes (GET with
// Range, following the CDN redirect), and the token only on the hub's origin.
import { ScanlineError } from '../common/errors.js';

export interface HubClientOptions {
  /** HF_ENDPOINT, e.g. https://huggingface.co */
  endpoint: string;
  /** HF_TOKEN; sent only to the endpoint's own origin, never to the CDN it redirects to. */
  token?: string;
  fetch?: typeof fetch;
}

/** What a HEAD told us about one file of a repo. */
export interface RemoteFile {
  repo: string;
  revision: string;
  path: string;
  /** The resolve URL on the endpoint (never a signed CDN URL, so it is safe to print). */
  url: string;
  /** Bytes of the real file (for LFS files, not of the pointer). */
  size?: number;
  /** Normalised ETag: the sha256 for LFS files, the git blob id for small files. */
  etag?: string;
  sha256?: string;
  gitSha1?: string;
  /** The commit the revision resolved to. */
  commit?: string;
}

export interface RangeResponse {
  /** 200: the whole file (the server ignored Range); 206: from `start`; 416: range not satisfiable. */
  status: 200 | 206 | 416;
  start: number;
  /** Length of the whole file as the answering server sees it (Content-Range total, or Content-Length of a 200). */
  total?: number;
  body: ReadableStream<Uint8Array> | null;
}

/** What the hub's API states about one file at one commit. */
export interface HubFileInfo {
  path: string;
  /** Bytes of the real file (for LFS files, of the object, not of the pointer). */
  size?: number;
  /** `lfs.sha256` (model info) or `lfs.oid` (tree): the sha256 of the content, stated for LFS files only. */
  sha256?: string;
  /** The git blob id; it names the content only when the file is not in LFS (else it names the pointer). */
  blobId?: string;
  lfs: boolean;
}

/** One revision of a repo, pinned to its commit, with what the hub states about its files. */
export interface RepoSnapshot {
  repo: string;
  /** The branch or tag that was asked for. */
  revision: string;
  /** The commit id it pointed at when asked; every download uses this, never the branch. */
  commit: string;
  files: Map<string, HubFileInfo>;
}

/** A failure worth retrying (network, 5xx, 429), with the server's Retry-After when given. */
export class TransientHubError extends Error {
  readonly retryAfterMs?: number;
  constructor(message: string, retryAfterMs?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientHubError';
    this.retryAfterMs = retryAfterMs;
  }
}

const MAX_REDIRECTS = 10;
/** huggingface_hub treats a siblings list this long as possibly cut and lists the tree instead. */
const SIBLINGS_RELIABLE_BELOW = 1000;
/** Tree pages followed at most; a repo with more is not a model pack. */
const MAX_TREE_PAGES = 50;

export class HubClient {
  readonly endpoint: string;
  readonly hasToken: boolean;
  private readonly origin: string;
  private readonly token?: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: HubClientOptions) {
    this.endpoint = opts.endpoint.replace(/\/+$/, '');
    this.origin = new URL(this.endpoint).origin;
    this.token = opts.token;
    this.hasToken = Boolean(opts.token);
    this.fetchImpl = opts.fetch ?? fetch;
  }

  fileUrl(repo: string, revision: string, path: string): string {
    const encodedPath = path.split('/').map(encodeURIComponent).join('/');
    return `${this.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
  }

  /** `revision` pinned to its commit, with hashes from model info (`blobs=true`), or the tree when siblings lack them. */
  async snapshot(repo: string, revision: string): Promise<RepoSnapshot> {
    const infoUrl = `${this.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
    const info = await this.getJson(infoUrl, { repo, revision });
    const commit = isObject(info) && typeof info.sha === 'string' && COMMIT_ID.test(info.sha) ? info.sha : undefined;
    if (!commit) throw this.fileListError(repo, revision, 'the answer has no commit id');
    const files = new Map<string, HubFileInfo>();
    const siblings = isObject(info) && Array.isArray(info.siblings) ? info.siblings : [];
    for (const s of siblings) {
      const file = isObject(s) ? fromSibling(s) : undefined;
      if (file) files.set(file.path, file);
    }
    const needTree =
      files.size === 0 || files.size >= SIBLINGS_RELIABLE_BELOW || [...files.values()].some((f) => !hasHash(f));
    if (needTree) {
      try {
        for (const file of await this.listTree(repo, commit)) {
          const known = files.get(file.path);
          // The tree fills what the siblings left out; it never replaces a hash the siblings stated.
          files.set(file.path, known && hasHash(known) ? known : file);
        }
      } catch (error) {
        // Without the tree the siblings are all there is: files they leave unhashed are refused later, by name.
        if (files.size === 0) throw error;
        if (!(error instanceof ScanlineError) || error.code !== 'hub_file_list_missing') throw error;
      }
    }
    return { repo, revision, commit, files };
  }

  /** Every file of the repo at `commit`, from the paginated tree API. */
  async listTree(repo: string, commit: string): Promise<HubFileInfo[]> {
    const files: HubFileInfo[] = [];
    let url: string | undefined =
      `${this.endpoint}/api/models/${repo}/tree/${encodeURIComponent(commit)}?recursive=true&expand=false`;
    for (let page = 0; url; page++) {
      if (page >= MAX_TREE_PAGES)
        throw this.fileListError(repo, commit, `the tree has more than ${MAX_TREE_PAGES} pages`);
      const { body, next } = await this.getJsonPage(url, { repo, revision: commit });
      if (!Array.isArray(body)) throw this.fileListError(repo, commit, 'the tree answer is not a list');
      for (const entry of body) {
        const file = isObject(entry) ? fromTreeEntry(entry) : undefined;
        if (file) files.push(file);
      }
      url = next;
    }
    return files;
  }

  /** The error for a catalog file the hub does not have at that revision. */
  missingFile(repo: string, revision: string, path: string): ScanlineError {
    return new ScanlineError('hub_not_found', {
      repo,
      path,
      revision,
      url: `${this.endpoint}/${repo}/tree/${encodeURIComponent(revision)}`,
    });
  }

  /** A download handle for a file of a pinned commit, with what the API stated as its expected size and hash. */
  remoteFile(snapshot: RepoSnapshot, path: string, verifyBlobId = true): RemoteFile {
    const info = snapshot.files.get(path);
    const gitSha1 = verifyBlobId && info && !info.lfs && info.size !== undefined ? info.blobId : undefined;
    return {
      repo: snapshot.repo,
      revision: snapshot.commit,
      path,
      url: this.fileUrl(snapshot.repo, snapshot.commit, path),
      size: info?.size,
      etag: info?.sha256 ?? gitSha1,
      sha256: info?.sha256,
      gitSha1,
      commit: snapshot.commit,
    };
  }

  private async getJson(url: string, where: { repo: string; revision: string }): Promise<unknown> {
    return (await this.getJsonPage(url, where)).body;
  }

  private async getJsonPage(
    url: string,
    where: { repo: string; revision: string },
  ): Promise<{ body: unknown; next?: string }> {
    const res = await this.request('GET', url, { accept: 'application/json' });
    if (!res.ok) {
      await res.body?.cancel();
      if (res.status === 401 || res.status === 403) throw this.httpError(res, { ...where, path: '' });
      const code = res.headers.get('x-error-code');
      throw this.fileListError(
        where.repo,
        where.revision,
        `HTTP ${res.status}${code ? ` ${code}` : ''} from ${url.split('?')[0]}`,
      );
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch (error) {
      // A body cut off in transit is worth retrying; a body that is not JSON is not.
      if (!(error instanceof SyntaxError))
        throw new TransientHubError(networkDetail(error), undefined, { cause: error });
      throw this.fileListError(where.repo, where.revision, 'the answer is not JSON');
    }
    const next = nextLink(res.headers.get('link'), url);
    return { body, next };
  }

  private fileListError(repo: string, revision: string, detail: string): ScanlineError {
    return new ScanlineError('hub_file_list_missing', { endpoint: this.endpoint, repo, revision, detail });
  }

  /** Size, ETag and commit of a file; `undefined` when it does not exist and `optional` is set. */
  async head(
    repo: string,
    revision: string,
    path: string,
    opts: { optional?: boolean } = {},
  ): Promise<RemoteFile | undefined> {
    const url = this.fileUrl(repo, revision, path);
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.request('HEAD', current, {});
      if (isRedirect(res.status)) {
        const next = new URL(res.headers.get('location') ?? '', current);
        // Same-origin redirects are renamed repos: follow. A CDN redirect already carries the X-Linked-* headers.
        if (next.origin === new URL(current).origin) {
          current = next.href;
          continue;
        }
      } else if (!res.ok) {
        if (res.status === 404 && opts.optional) return undefined;
        throw this.httpError(res, { repo, revision, path });
      }
      return describe(res, { repo, revision, path, url });
    }
    throw new TransientHubError(`too many redirects for ${url}`);
  }

  /** GET from byte `start` on, following redirects; the Authorization header never leaves the endpoint's origin. */
  async openRange(file: RemoteFile, start: number, signal?: AbortSignal): Promise<RangeResponse> {
    let current = file.url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = {};
      if (start > 0) headers.range = `bytes=${start}-`;
      const res = await this.request('GET', current, headers, signal);
      if (isRedirect(res.status)) {
        await res.body?.cancel();
        current = new URL(res.headers.get('location') ?? '', current).href;
        continue;
      }
      if (res.status === 416) {
        await res.body?.cancel();
        return { status: 416, start: 0, total: parseContentRangeTotal(res.headers.get('content-range')), body: null };
      }
      if (res.status === 206) {
        const range = res.headers.get('content-range');
        const from = parseContentRangeStart(range);
        if (from !== start) {
          await res.body?.cancel();
          throw new TransientHubError(`the server answered bytes from ${from ?? '?'} instead of ${start}`);
        }
        return { status: 206, start, total: parseContentRangeTotal(range), body: res.body };
      }
      if (res.status === 200) {
        return { status: 200, start: 0, total: intOrUndefined(res.headers.get('content-length')), body: res.body };
      }
      await res.body?.cancel();
      throw this.httpError(res, file);
    }
    throw new TransientHubError(`too many redirects for ${file.url}`);
  }

  private async request(
    method: 'HEAD' | 'GET',
    url: string,
    extra: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    // Compressed bodies would not match Content-Length or the byte offsets that Range counts.
    const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': 'scanline', ...extra };
    if (this.token && new URL(url).origin === this.origin) headers.authorization = `Bearer ${this.token}`;
    try {
      const res = await this.fetchImpl(url, { method, headers, redirect: 'manual', signal });
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        throw new TransientHubError(`HTTP ${res.status}`, retryAfterMs(res.headers.get('retry-after')));
      }
      return res;
    } catch (error) {
      if (error instanceof TransientHubError) throw error;
      if (signal?.aborted) throw error;
      throw new TransientHubError(networkDetail(error), undefined, { cause: error });
    }
  }

  private httpError(res: Response, where: { repo: string; revision: string; path: string }): ScanlineError {
    const cardUrl = `${this.endpoint}/${where.repo}`;
    if (res.status === 401 || res.status === 403) {
      return new ScanlineError(this.hasToken ? 'hub_auth_denied' : 'hub_auth_missing', {
        repo: where.repo,
        status: res.status,
        url: cardUrl,
      });
    }
    if (res.status === 404) return this.missingFile(where.repo, where.revision, where.path);
    const code = res.headers.get('x-error-code');
    return new ScanlineError('download_failed', {
      name: where.path,
      detail: `HTTP ${res.status}${code ? ` ${code}` : ''} from ${this.endpoint}`,
    });
  }
}

function describe(
  res: Response,
  base: Omit<RemoteFile, 'size' | 'etag' | 'sha256' | 'gitSha1' | 'commit'>,
): RemoteFile {
  const etag = normalizeEtag(res.headers.get('x-linked-etag') ?? res.headers.get('etag'));
  const size = intOrUndefined(res.headers.get('x-linked-size') ?? res.headers.get('content-length'));
  return {
    ...base,
    size,
    etag,
    sha256: etag && /^[0-9a-f]{64}$/.test(etag) ? etag : undefined,
    gitSha1: etag && /^[0-9a-f]{40}$/.test(etag) ? etag : undefined,
    commit: res.headers.get('x-repo-commit') ?? undefined,
  };
}

const COMMIT_ID = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hexOrUndefined(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === 'string' && pattern.test(value.toLowerCase()) ? value.toLowerCase() : undefined;
}

function sizeOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A file is checkable when the hub stated its sha256, or (outside LFS) its blob id and size. */
export function hasHash(file: HubFileInfo): boolean {
  return Boolean(file.sha256) || (!file.lfs && Boolean(file.blobId) && file.size !== undefined);
}

/** Model info sibling: `{rfilename, size?, blobId?, lfs?: {sha256, size, pointerSize}}`. */
function fromSibling(s: Record<string, unknown>): HubFileInfo | undefined {
  if (typeof s.rfilename !== 'string') return undefined;
  const lfs = isObject(s.lfs) ? s.lfs : undefined;
  return {
    path: s.rfilename,
    size: sizeOrUndefined(lfs?.size) ?? sizeOrUndefined(s.size),
    sha256: hexOrUndefined(lfs?.sha256, SHA256),
    blobId: hexOrUndefined(s.blobId, COMMIT_ID),
    lfs: lfs !== undefined,
  };
}

/** Tree entry: `{type: 'file', path, size, oid, lfs?: {oid, size, pointerSize}, xetHash?}`. */
function fromTreeEntry(e: Record<string, unknown>): HubFileInfo | undefined {
  if (e.type !== 'file' || typeof e.path !== 'string') return undefined;
  const lfs = isObject(e.lfs) ? e.lfs : undefined;
  // A Xet-stored file without LFS details has an oid that does not name its content.
  const large = lfs !== undefined || typeof e.xetHash === 'string';
  return {
    path: e.path,
    size: sizeOrUndefined(lfs?.size) ?? sizeOrUndefined(e.size),
    sha256: hexOrUndefined(lfs?.oid, SHA256),
    blobId: hexOrUndefined(e.oid, COMMIT_ID),
    lfs: large,
  };
}

/** The `rel="next"` target of a Link header, resolved against the page's URL. */
function nextLink(header: string | null, base: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = part.match(/<([^>]*)>\s*;(.*)$/);
    if (m && /\brel="?next"?/.test(m[2] ?? '')) return new URL(m[1] ?? '', base).href;
  }
  return undefined;
}

/** `W/"abc"` -> `abc`: weak marks and quotes are not part of the hash. */
export function normalizeEtag(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase() || undefined;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function intOrUndefined(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function parseContentRangeStart(value: string | null): number | undefined {
  const m = value?.match(/^bytes (\d+)-\d+\/(?:\d+|\*)$/);
  return m ? Number(m[1]) : undefined;
}

function parseContentRangeTotal(value: string | null): number | undefined {
  const m = value?.match(/^bytes (?:\d+-\d+|\*)\/(\d+)$/);
  return m ? Number(m[1]) : undefined;
}

function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}
