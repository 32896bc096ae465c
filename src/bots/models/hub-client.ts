// Talks to a Hugging Face hub (or a mirror at HF_ENDPOINT) the way its own
// clients do: `{endpoint}/{repo}/resolve/{revision}/{path}`, HEAD without
// following the CDN redirect, then GET with Range, token only on the hub's origin.
import { ScanlineError } from '../../common/errors.js';

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
  body: ReadableStream<Uint8Array> | null;
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

  /** Size, ETag and commit of a file; `undefined` when it does not exist and `optional` is set. */
  async head(repo: string, revision: string, path: string, opts: { optional?: boolean } = {}): Promise<RemoteFile | undefined> {
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
        return { status: 416, start: 0, body: null };
      }
      if (res.status === 206) {
        const from = parseContentRangeStart(res.headers.get('content-range'));
        if (from !== start) {
          await res.body?.cancel();
          throw new TransientHubError(`the server answered bytes from ${from ?? '?'} instead of ${start}`);
        }
        return { status: 206, start, body: res.body };
      }
      if (res.status === 200) return { status: 200, start: 0, body: res.body };
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
    if (res.status === 404) {
      return new ScanlineError('hub_not_found', {
        repo: where.repo,
        path: where.path,
        revision: where.revision,
        url: `${cardUrl}/tree/${encodeURIComponent(where.revision)}`,
      });
    }
    const code = res.headers.get('x-error-code');
    return new ScanlineError('download_failed', {
      name: where.path,
      detail: `HTTP ${res.status}${code ? ` ${code}` : ''} from ${this.endpoint}`,
    });
  }
}

function describe(res: Response, base: Omit<RemoteFile, 'size' | 'etag' | 'sha256' | 'gitSha1' | 'commit'>): RemoteFile {
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
