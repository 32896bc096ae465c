// A Hugging Face hub on 127.0.0.1 that speaks only what the hub documents for
// downloads: `/{repo}/resolve/{revision}/{path}`, HEAD with X-Linked-Size /
// X-Linked-Etag / X-Repo-Commit, a 302 to a CDN for LFS files, Range (206/416),
// and X-Error-Code on 401/404. The CDN is a second server (another origin) that,
// like presigned S3 URLs, refuses requests that carry an Authorization header.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

/** A repo is a folder on disk or a map from repo path to content. */
export type FakeRepo = string | Record<string, Uint8Array | string>;

export interface FakeHubOptions {
  repos: Record<string, FakeRepo>;
  /** LFS files answer 302 to the CDN server (the hub's real behaviour); otherwise the hub serves them itself. */
  redirectToCdn?: boolean;
  /** Cut the connection once, after this many body bytes of the first GET of `failPath` (or of the first large file). */
  failAfterBytes?: number;
  failPath?: string;
  /** Serve this path with one byte flipped while its headers keep announcing the true hashes. */
  corrupt?: string;
  /** Every hub request must carry `Authorization: Bearer <token>`; otherwise 401 as for a gated/private repo. */
  requireToken?: string;
}

export interface FakeHubRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range?: string;
  authorization?: string;
}

export interface FakeHub {
  url: string;
  cdnUrl: string;
  requests: FakeHubRequest[];
  /** Body bytes sent for each repo path (hub and CDN together). */
  bytesServed: Map<string, number>;
  close(): Promise<void>;
}

interface FakeFile {
  repo: string;
  path: string;
  data: Buffer;
  sha256: string;
  gitSha1: string;
  lfs: boolean;
}

/** Files the hub keeps in LFS: weights and anything large (the hub's own rule is by .gitattributes and size). */
function isLfs(path: string, size: number): boolean {
  return /\.onnx(_data(_\d+)?)?$/.test(path) || size > 10 * 1024 * 1024;
}

function loadRepo(repo: string, source: FakeRepo): FakeFile[] {
  const entries: [string, Buffer][] =
    typeof source === 'string'
      ? walk(source).map((abs) => [relative(source, abs).split(sep).join('/'), readFileSync(abs)])
      : Object.entries(source).map(([p, c]) => [p, Buffer.from(c)]);
  return entries.map(([path, data]) => ({
    repo,
    path,
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    gitSha1: createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex'),
    lfs: isLfs(path, data.length),
  }));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

export async function startFakeHub(opts: FakeHubOptions): Promise<FakeHub> {
  const files = new Map<string, FakeFile>();
  const commits = new Map<string, string>();
  for (const [repo, source] of Object.entries(opts.repos)) {
    const loaded = loadRepo(repo, source);
    for (const f of loaded) files.set(`${repo}/${f.path}`, f);
    commits.set(
      repo,
      createHash('sha1')
        .update(loaded.map((f) => f.gitSha1).join())
        .digest('hex'),
    );
  }
  const bySha = new Map([...files.values()].map((f) => [f.sha256, f]));
  const requests: FakeHubRequest[] = [];
  const bytesServed = new Map<string, number>();
  let cutDone = false;

  const record = (server: 'hub' | 'cdn', req: IncomingMessage) =>
    requests.push({
      server,
      method: req.method ?? '',
      path: decodeURIComponent((req.url ?? '').split('?')[0] ?? ''),
      range: req.headers.range,
      authorization: req.headers.authorization,
    });

  const body = (f: FakeFile): Buffer => {
    if (opts.corrupt !== f.path) return f.data;
    const bad = Buffer.from(f.data);
    const i = Math.floor(bad.length / 2);
    bad[i] = (bad[i] ?? 0) ^ 0xff;
    return bad;
  };

  /** Sends the file (or the asked range) and counts the bytes; may cut the connection once. */
  const serveBytes = (req: IncomingMessage, res: ServerResponse, f: FakeFile, headers: Record<string, string>) => {
    const data = body(f);
    const size = data.length;
    const m = req.headers.range?.match(/^bytes=(\d+)-$/);
    const start = m ? Number(m[1]) : 0;
    if (m && start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    const slice = data.subarray(start);
    res.writeHead(m ? 206 : 200, {
      ...headers,
      'content-length': String(slice.length),
      'accept-ranges': 'bytes',
      ...(m ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const cutHere =
      opts.failAfterBytes !== undefined &&
      !cutDone &&
      (opts.failPath ? opts.failPath === f.path : slice.length > opts.failAfterBytes) &&
      slice.length > opts.failAfterBytes;
    if (cutHere) {
      cutDone = true;
      const partial = slice.subarray(0, opts.failAfterBytes);
      bytesServed.set(f.path, (bytesServed.get(f.path) ?? 0) + partial.length);
      // FIN after the partial body (not RST), so every byte written reaches the client before the cut.
      res.write(partial, () => res.socket?.end());
      return;
    }
    bytesServed.set(f.path, (bytesServed.get(f.path) ?? 0) + slice.length);
    res.end(slice);
  };

  const cdn = createServer((req, res) => {
    record('cdn', req);
    // Presigned URLs carry their own signature; a second auth mechanism is refused, as S3 does.
    if (req.headers.authorization) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Only one auth mechanism allowed');
      return;
    }
    const sha = (req.url ?? '').match(/^\/blobs\/([0-9a-f]{64})\?/)?.[1];
    const f = sha ? bySha.get(sha) : undefined;
    if (!f) {
      res.writeHead(403).end('signature does not match');
      return;
    }
    serveBytes(req, res, f, { etag: `"${f.sha256}"` });
  });

  const hub = createServer((req, res) => {
    record('hub', req);
    const m = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').match(
      /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/,
    );
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !m) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
      return;
    }
    const [, repo = '', revision, path = ''] = m;
    // The hub answers 401 both for a missing repo and for a private/gated one without access.
    if (!commits.has(repo)) {
      res.writeHead(401, { 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' }).end();
      return;
    }
    if (opts.requireToken && req.headers.authorization !== `Bearer ${opts.requireToken}`) {
      res.writeHead(401, { 'x-error-message': 'Access to this repo requires a valid token' }).end();
      return;
    }
    const commit = commits.get(repo) ?? '';
    if (revision !== 'main' && revision !== commit) {
      res.writeHead(404, { 'x-error-code': 'RevisionNotFound', 'x-repo-commit': commit }).end();
      return;
    }
    const f = files.get(`${repo}/${path}`);
    if (!f) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': commit }).end();
      return;
    }
    if (f.lfs && opts.redirectToCdn) {
      res
        .writeHead(302, {
          location: `${cdnUrl}/blobs/${f.sha256}?X-Amz-Signature=fake`,
          'x-repo-commit': commit,
          'x-linked-size': String(f.data.length),
          'x-linked-etag': `"${f.sha256}"`,
          etag: `"${f.gitSha1}"`,
        })
        .end();
      return;
    }
    const headers: Record<string, string> = { 'x-repo-commit': commit, etag: `"${f.lfs ? f.sha256 : f.gitSha1}"` };
    if (f.lfs) {
      headers['x-linked-size'] = String(f.data.length);
      headers['x-linked-etag'] = `"${f.sha256}"`;
    }
    serveBytes(req, res, f, headers);
  });

  const listen = (server: Server) =>
    new Promise<string>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
    );
  const cdnUrl = await listen(cdn);
  const url = await listen(hub);
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url,
    cdnUrl,
    requests,
    bytesServed,
    close: async () => {
      await Promise.all([close(hub), close(cdn)]);
    },
  };
}
