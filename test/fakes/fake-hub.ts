// A Hugging Face hub on 127.0.0.1 that speaks what the hub's own clients use:
// - the model info API `GET /api/models/{repo}/revision/{rev}[?blobs=true]` (`sha` is the commit id;
//   with blobs=true each sibling has `size`, `blobId` and, for LFS files, `lfs: {sha256, size, pointerSize}`),
// - the tree API `GET /api/models/{repo}/tree/{rev}[/{path}]?recursive=true` (entries with `type`, `oid`,
//   `size`, `path` and `lfs: {oid, size, pointerSize}`; pages chained by a `Link: <...>; rel="next"` header),
// - downloads at `/{repo}/resolve/{rev}/{path}`: HEAD with X-Linked-Size / X-Linked-Etag / X-Repo-Commit,
//   a 302 to a CDN for LFS files, Range (206/416), and X-Error-Code on 401/404.
// The CDN is a second server (another origin) that, like presigned S3 URLs, refuses requests that carry an
// Authorization header. Repos have commits: `push` moves `main` while old commit ids stay resolvable.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

/** A repo is a folder on disk or a map from repo path to content. */
export type FakeRepo = string | Record<string, Uint8Array | string>;

/** API answers: `full` as the hub; `no-lfs` without `lfs` objects; `tree-only` / `names-only` siblings without metadata, with / without a tree; `absent` no /api. */
export type FakeApiMode = 'full' | 'no-lfs' | 'tree-only' | 'names-only' | 'absent';

export interface FakeHubOptions {
  repos: Record<string, FakeRepo>;
  /** LFS files answer 302 to the CDN server (the hub's real behaviour); otherwise the hub serves them itself. */
  redirectToCdn?: boolean;
  /** Cut the connection once, after this many body bytes of the first GET of `failPath` (or of the first large file). */
  failAfterBytes?: number;
  failPath?: string;
  /** Serve this path with one byte flipped while the API and headers keep stating the true hashes. */
  corrupt?: string;
  /** Serve this path with `delta` bytes more (or fewer) than the file has, with a matching Content-Length. */
  wrongSize?: { path: string; delta: number };
  /** False: no ETag, X-Linked-Etag or X-Linked-Size on any answer, from the hub or the CDN. */
  hashHeaders?: boolean;
  api?: FakeApiMode;
  /** The first `count` requests for each `target` (a repo path, or `api`) answer `status` (default 503). */
  serverErrors?: { target: string; count: number; status?: number }[];
  /** Tree API entries per page. */
  treePageSize?: number;
  /** Every hub request must carry `Authorization: Bearer <token>`; otherwise 401 as for a gated/private repo. */
  requireToken?: string;
  /** Called for every request before it is answered (tests push commits from here). */
  onRequest?(req: FakeHubRequest): void;
}

export interface FakeHubRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  query: string;
  range?: string;
  authorization?: string;
}

export interface FakeHub {
  url: string;
  cdnUrl: string;
  requests: FakeHubRequest[];
  /** Body bytes sent for each repo path (hub and CDN together). */
  bytesServed: Map<string, number>;
  /** The commit `main` points at. */
  head(repo: string): string;
  /** A new commit on `main` with these files changed (`null` deletes); returns its id. */
  push(repo: string, changes: Record<string, Uint8Array | string | null>): string;
  close(): Promise<void>;
}

interface FakeFile {
  path: string;
  data: Buffer;
  sha256: string;
  /** Git blob id of what git stores: the content, or the LFS pointer for LFS files. */
  blobId: string;
  lfs: boolean;
  pointerSize: number;
}

interface FakeRepoState {
  main: string;
  commits: Map<string, Map<string, FakeFile>>;
}

/** Files the hub keeps in LFS: weights and anything large (the hub's own rule is by .gitattributes and size). */
function isLfs(path: string, size: number): boolean {
  return /\.onnx(_data(_\d+)?)?$/.test(path) || size > 10 * 1024 * 1024;
}

const gitBlobId = (data: Buffer) => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

function makeFile(path: string, content: Uint8Array | string): FakeFile {
  const data = Buffer.from(content);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const lfs = isLfs(path, data.length);
  // What git itself stores for an LFS file is this pointer; its blob id is what the API's blobId/oid name.
  const pointer = Buffer.from(
    `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${data.length}\n`,
  );
  return { path, data, sha256, blobId: gitBlobId(lfs ? pointer : data), lfs, pointerSize: pointer.length };
}

function loadRepo(source: FakeRepo): Map<string, FakeFile> {
  const entries: [string, Uint8Array | string][] =
    typeof source === 'string'
      ? walk(source).map((abs) => [relative(source, abs).split(sep).join('/'), readFileSync(abs)])
      : Object.entries(source);
  return new Map(entries.map(([p, c]) => [p, makeFile(p, c)]));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

function commitId(parent: string, files: Map<string, FakeFile>): string {
  const listing = [...files.values()]
    .map((f) => `${f.path}:${f.blobId}`)
    .sort()
    .join('\n');
  return createHash('sha1').update(`${parent}\n${listing}`).digest('hex');
}

export async function startFakeHub(opts: FakeHubOptions): Promise<FakeHub> {
  const repos = new Map<string, FakeRepoState>();
  const bySha = new Map<string, FakeFile>();
  for (const [repo, source] of Object.entries(opts.repos)) {
    const files = loadRepo(source);
    const id = commitId('', files);
    repos.set(repo, { main: id, commits: new Map([[id, files]]) });
    for (const f of files.values()) bySha.set(f.sha256, f);
  }
  const api = opts.api ?? 'full';
  const hashHeaders = opts.hashHeaders ?? true;
  const requests: FakeHubRequest[] = [];
  const bytesServed = new Map<string, number>();
  let cutDone = false;
  const errorsLeft = new Map((opts.serverErrors ?? []).map((e) => [e.target, { ...e }]));

  const record = (server: 'hub' | 'cdn', req: IncomingMessage): FakeHubRequest => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const entry: FakeHubRequest = {
      server,
      method: req.method ?? '',
      path: decodeURIComponent(path),
      query,
      range: req.headers.range,
      authorization: req.headers.authorization,
    };
    requests.push(entry);
    opts.onRequest?.(entry);
    return entry;
  };

  /** Answers the configured server error when this request is one of the first `count` for `target`. */
  const injectedError = (res: ServerResponse, target: string): boolean => {
    const left = errorsLeft.get(target);
    if (!left || left.count <= 0) return false;
    left.count--;
    res.writeHead(left.status ?? 503, { 'content-type': 'text/plain' }).end('upstream unavailable');
    return true;
  };

  const body = (f: FakeFile): Buffer => {
    if (opts.wrongSize?.path === f.path) {
      const { delta } = opts.wrongSize;
      return delta >= 0
        ? Buffer.concat([f.data, Buffer.alloc(delta, 0x5a)])
        : f.data.subarray(0, f.data.length + delta);
    }
    if (opts.corrupt !== f.path) return f.data;
    const bad = Buffer.from(f.data);
    const i = Math.floor(bad.length / 2);
    bad[i] = (bad[i] ?? 0) ^ 0xff;
    return bad;
  };

  const hashed = (headers: Record<string, string>): Record<string, string> =>
    hashHeaders
      ? headers
      : Object.fromEntries(
          Object.entries(headers).filter(([k]) => !['etag', 'x-linked-etag', 'x-linked-size'].includes(k)),
        );

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
      ...hashed(headers),
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
    if (req.method === 'GET' && injectedError(res, f.path)) return;
    serveBytes(req, res, f, { etag: `"${f.sha256}"` });
  });

  /** The repo and the commit a revision names (`main` or a commit id), or an error answer already sent. */
  const lookup = (req: IncomingMessage, res: ServerResponse, repo: string, revision: string) => {
    const state = repos.get(repo);
    // The hub answers 401 both for a missing repo and for a private/gated one without access.
    if (!state) {
      res.writeHead(401, { 'x-error-code': 'RepoNotFound', 'x-error-message': 'Repository not found' }).end();
      return undefined;
    }
    if (opts.requireToken && req.headers.authorization !== `Bearer ${opts.requireToken}`) {
      res.writeHead(401, { 'x-error-message': 'Access to this repo requires a valid token' }).end();
      return undefined;
    }
    // A branch name (`main`, `points-and-boxes`...) is the repo's one head; anything else must be a commit id.
    const commit = /^[0-9a-f]{40}$/.test(revision) ? revision : state.main;
    const files = state.commits.get(commit);
    if (!files) {
      res.writeHead(404, { 'x-error-code': 'RevisionNotFound', 'x-repo-commit': state.main }).end();
      return undefined;
    }
    return { commit, files };
  };

  const json = (res: ServerResponse, value: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(value);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(text);
  };

  const modelInfo = (
    req: IncomingMessage,
    res: ServerResponse,
    repo: string,
    revision: string,
    query: URLSearchParams,
  ) => {
    const found = lookup(req, res, repo, revision);
    if (!found) return;
    const blobs = query.get('blobs') === 'true' && api !== 'names-only' && api !== 'tree-only';
    const siblings = [...found.files.values()].map((f) =>
      blobs
        ? {
            rfilename: f.path,
            size: f.data.length,
            blobId: f.blobId,
            ...(f.lfs && api !== 'no-lfs'
              ? { lfs: { sha256: f.sha256, size: f.data.length, pointerSize: f.pointerSize } }
              : {}),
          }
        : { rfilename: f.path },
    );
    json(res, {
      _id: createHash('md5').update(repo).digest('hex').slice(0, 24),
      id: repo,
      modelId: repo,
      author: repo.split('/')[0],
      sha: found.commit,
      private: false,
      disabled: false,
      gated: false,
      tags: ['onnx'],
      siblings,
    });
  };

  const tree = (
    req: IncomingMessage,
    res: ServerResponse,
    repo: string,
    revision: string,
    under: string,
    query: URLSearchParams,
    rawPath: string,
  ) => {
    const found = lookup(req, res, repo, revision);
    if (!found) return;
    const recursive = query.get('recursive') === 'true';
    const prefix = under ? `${under}/` : '';
    const dirs = new Set<string>();
    const files: FakeFile[] = [];
    for (const f of found.files.values()) {
      if (!f.path.startsWith(prefix)) continue;
      const rest = f.path.slice(prefix.length).split('/');
      for (let i = 1; i < rest.length; i++) {
        if (!recursive && i > 1) break;
        dirs.add(prefix + rest.slice(0, i).join('/'));
      }
      if (recursive || rest.length === 1) files.push(f);
    }
    const entries = [
      ...[...dirs].sort().map((path) => ({
        type: 'directory',
        oid: createHash('sha1').update(`tree ${path}`).digest('hex'),
        size: 0,
        path,
      })),
      ...files
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => ({
          type: 'file',
          oid: f.blobId,
          size: f.data.length,
          path: f.path,
          ...(f.lfs && api !== 'no-lfs'
            ? { lfs: { oid: f.sha256, size: f.data.length, pointerSize: f.pointerSize } }
            : {}),
        })),
    ];
    const pageSize = opts.treePageSize ?? 1000;
    const from = Number(query.get('cursor') ?? '0');
    const page = entries.slice(from, from + pageSize);
    const headers: Record<string, string> = {};
    if (from + pageSize < entries.length) {
      const next = new URLSearchParams(query);
      next.set('cursor', String(from + pageSize));
      headers.link = `<${hubUrl}${rawPath}?${next.toString()}>; rel="next"`;
    }
    json(res, page, headers);
  };

  const hub = createServer((req, res) => {
    const entry = record('hub', req);
    const [rawPath = ''] = (req.url ?? '').split('?');
    const query = new URLSearchParams(entry.query);
    const seg = rawPath.split('/').slice(1).map(decodeURIComponent);

    if (seg[0] === 'api') {
      if (api === 'absent' || req.method !== 'GET' || seg[1] !== 'models') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      if (injectedError(res, 'api')) return;
      const repo = `${seg[2] ?? ''}/${seg[3] ?? ''}`;
      if (seg[4] === 'revision' && seg.length === 6) return modelInfo(req, res, repo, seg[5] ?? '', query);
      if (seg[4] === 'tree' && seg.length >= 6 && api !== 'names-only') {
        return tree(req, res, repo, seg[5] ?? '', seg.slice(6).join('/'), query, rawPath);
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }

    if ((req.method !== 'GET' && req.method !== 'HEAD') || seg[2] !== 'resolve' || seg.length < 5) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
      return;
    }
    const repo = `${seg[0]}/${seg[1]}`;
    const path = seg.slice(4).join('/');
    const found = lookup(req, res, repo, seg[3] ?? '');
    if (!found) return;
    const { commit } = found;
    const f = found.files.get(path);
    if (!f) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': commit }).end();
      return;
    }
    if (req.method === 'GET' && injectedError(res, path)) return;
    if (f.lfs && opts.redirectToCdn) {
      res
        .writeHead(
          302,
          hashed({
            location: `${cdnUrl}/blobs/${f.sha256}?X-Amz-Signature=fake`,
            'x-repo-commit': commit,
            'x-linked-size': String(f.data.length),
            'x-linked-etag': `"${f.sha256}"`,
            etag: `"${f.blobId}"`,
          }),
        )
        .end();
      return;
    }
    const headers: Record<string, string> = { 'x-repo-commit': commit, etag: `"${f.lfs ? f.sha256 : f.blobId}"` };
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
  const hubUrl = await listen(hub);
  const close = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const state = (repo: string): FakeRepoState => {
    const s = repos.get(repo);
    if (!s) throw new Error(`fake hub has no repo ${repo}`);
    return s;
  };
  return {
    url: hubUrl,
    cdnUrl,
    requests,
    bytesServed,
    head: (repo) => state(repo).main,
    push: (repo, changes) => {
      const s = state(repo);
      const files = new Map(s.commits.get(s.main));
      for (const [path, content] of Object.entries(changes)) {
        if (content === null) files.delete(path);
        else {
          const f = makeFile(path, content);
          files.set(path, f);
          bySha.set(f.sha256, f);
        }
      }
      const id = commitId(s.main, files);
      s.commits.set(id, files);
      s.main = id;
      return id;
    },
    close: async () => {
      await Promise.all([close(hub), close(cdn)]);
    },
  };
}
