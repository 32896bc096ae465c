import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import { createAttachmentPolicy, type AttachmentPolicy } from './attachment-policy.js';
import { downloadImage } from './download.js';
import { solid } from './fixtures/synthetic-images.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let png: Buffer;
let main: { server: Server; base: string };
let other: { server: Server; base: string };
const seenAuth: Record<string, string | undefined> = {};
let okHits = 0;

async function listen(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}` };
}

function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location });
  res.end();
}

/** Streams 64 KiB chunks until the client goes away. */
function streamForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 7);
  const push = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      /* keep the socket buffer full */
    }
    if (!res.destroyed) res.once('drain', push);
  };
  push();
}

const routes: Record<string, Handler> = {
  '/ok.png': (req, res) => {
    okHits += 1;
    seenAuth['/ok.png'] = req.headers.authorization;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    res.end(png);
  },
  '/same-host-redirect': (_req, res) => redirect(res, '/ok.png', 307),
  '/to-other-host': (_req, res) => redirect(res, `${other.base}/echo-auth`),
  '/to-evil': (_req, res) => redirect(res, 'https://evil.example/x.png'),
  '/loop-a': (_req, res) => redirect(res, '/loop-b', 301),
  '/loop-b': (_req, res) => redirect(res, '/loop-a', 301),
  '/chain3': (_req, res) => redirect(res, '/chain2'),
  '/chain2': (_req, res) => redirect(res, '/chain1'),
  '/chain1': (_req, res) => redirect(res, '/ok.png'),
  '/no-location': (_req, res) => {
    res.writeHead(302);
    res.end();
  },
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': 50 * 1024 * 1024 });
    res.write(png.subarray(0, 16)); // then nothing: the client must not wait for the rest
  },
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    streamForever(res);
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    res.write(png.subarray(0, 8));
  },
  '/slow-headers': () => {
    /* never answers */
  },
  '/missing': (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"404: Not Found"}');
  },
  '/html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>');
  },
  '/html-untyped': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end('\n<!doctype html>\n<html lang="en"><body>login</body></html>');
  },
  '/empty': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': 0 });
    res.end();
  },
};

beforeAll(async () => {
  png = await solid(16, 16, '#3366cc').png().toBuffer();
  main = await listen((req, res) => {
    const handler = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (handler) handler(req, res);
    else {
      res.writeHead(500);
      res.end();
    }
  });
  other = await listen((req, res) => {
    seenAuth['/echo-auth'] = req.headers.authorization;
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(png);
  });
});

afterAll(async () => {
  for (const { server } of [main, other]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function policy(overrides: Partial<AttachmentPolicy> = {}): AttachmentPolicy {
  return { ...createAttachmentPolicy({ extraHosts: ['127.0.0.1'], timeoutMs: 5_000 }), ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<ScanlineError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScanlineError);
  return error as ScanlineError;
}

describe('downloadImage', () => {
  it('downloads an allowed file byte for byte and sends the given headers', async () => {
    const bytes = await downloadImage(`${main.base}/ok.png`, {
      policy: policy(),
      headers: { Authorization: 'Bearer t1' },
    });
    expect(Buffer.from(bytes).equals(png)).toBe(true);
    expect(seenAuth['/ok.png']).toBe('Bearer t1');
  });

  it('refuses hosts outside the allowlist before connecting', async () => {
    const before = okHits;
    const error = await failure(downloadImage(`${main.base}/ok.png`, { policy: createAttachmentPolicy() }));
    expect(error.code).toBe('download_host');
    expect(error.params.host).toBe(main.base); // plain http is shown with its scheme
    expect(okHits).toBe(before);
  });

  it('re-checks redirects against the allowlist', async () => {
    const error = await failure(downloadImage(`${main.base}/to-evil`, { policy: policy() }));
    expect(error.code).toBe('download_host');
    expect(error.params.host).toBe('evil.example');
  });

  it('keeps credentials on same-host redirects and drops them when a redirect leaves the host', async () => {
    seenAuth['/ok.png'] = undefined;
    await downloadImage(`${main.base}/same-host-redirect`, {
      policy: policy(),
      headers: { authorization: 'Bearer t2' },
    });
    expect(seenAuth['/ok.png']).toBe('Bearer t2');

    const bytes = await downloadImage(`${main.base}/to-other-host`, {
      policy: policy(),
      headers: { Authorization: 'Bearer secret', 'X-Trace': '1' },
    });
    expect(bytes.length).toBe(png.length);
    expect(seenAuth['/echo-auth']).toBeUndefined();
  });

  it('stops redirect loops and long chains', async () => {
    const loop = await failure(downloadImage(`${main.base}/loop-a`, { policy: policy() }));
    expect(loop.code).toBe('download_failed');
    expect(loop.params.detail).toMatch(/loop/);

    const chain = await failure(downloadImage(`${main.base}/chain3`, { policy: policy({ maxRedirects: 2 }) }));
    expect(chain.code).toBe('download_failed');
    expect(chain.params.detail).toMatch(/more than 2 redirects/);
    expect(await downloadImage(`${main.base}/chain3`, { policy: policy({ maxRedirects: 3 }) })).toHaveLength(
      png.length,
    );

    const noLocation = await failure(downloadImage(`${main.base}/no-location`, { policy: policy() }));
    expect(noLocation.params.detail).toMatch(/Location/);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const error = await failure(
      downloadImage(`${main.base}/big-declared`, { policy: policy({ maxBytes: 1024 * 1024 }), name: 'huge.png' }),
    );
    expect(error.code).toBe('file_too_large');
    expect(error.params).toEqual({ name: 'huge.png', limitMb: 1 });
  });

  it('aborts an undeclared body as soon as it passes the cap', async () => {
    const error = await failure(
      downloadImage(`${main.base}/big-chunked`, { policy: policy({ maxBytes: 300 * 1024 }) }),
    );
    expect(error.code).toBe('file_too_large');
    expect(error.params.name).toBe('big-chunked');
  });

  it('times out a stalled server, before or after the headers', async () => {
    for (const path of ['/slow-body', '/slow-headers']) {
      const error = await failure(downloadImage(`${main.base}${path}`, { policy: policy({ timeoutMs: 150 }) }));
      expect(error.code).toBe('download_timeout');
      expect(error.params.seconds).toBe(0.2);
    }
  });

  it('rethrows the caller abort reason instead of a download error', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const pending = downloadImage(`${main.base}/slow-headers`, { policy: policy(), signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it('reports HTTP errors with their status', async () => {
    const error = await failure(downloadImage(`${main.base}/missing`, { policy: policy(), name: 'cat.png' }));
    expect(error.code).toBe('download_failed');
    expect(error.params).toEqual({ name: 'cat.png', detail: 'HTTP 404' });
  });

  it('turns a web page answer into a permission hint, typed or not', async () => {
    for (const path of ['/html', '/html-untyped']) {
      const error = await failure(downloadImage(`${main.base}${path}`, { policy: policy() }));
      expect(error.code).toBe('download_failed');
      expect(error.params.detail).toMatch(/web page.*permission/);
    }
  });

  it('reports a refused connection as a download failure', async () => {
    const closed = await listen(() => undefined);
    const { base } = closed;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const error = await failure(downloadImage(`${base}/x.png`, { policy: policy() }));
    expect(error.code).toBe('download_failed');
    expect(error.params.detail).toMatch(/network error/);
  });

  it('returns an empty body as zero bytes (decode reports it)', async () => {
    expect(await downloadImage(`${main.base}/empty`, { policy: policy() })).toHaveLength(0);
  });
});
