// The operators' HTTP server (SCANLINE_METRICS_PORT): GET/HEAD /metrics (Prometheus text) and /healthz
// (JSON). Small fixed answers, tight timeouts, few connections. Off loopback every request needs
// SCANLINE_METRICS_TOKEN as a bearer token; on loopback the Host header must name loopback, so a web
// page cannot read it through DNS rebinding.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { isLoopbackHost } from '../../common/config.js';
import type { HealthReport } from './health.js';

export interface OpsServerOptions {
  host: string;
  /** 0 lets the system pick (tests). */
  port: number;
  /** Required of every request when set (config makes it required off loopback). */
  token?: string;
  metrics: { text(): Promise<string>; readonly contentType: string };
  health: { report(): HealthReport };
  log: Logger;
}

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Prometheus scrapes take well under a second; anything slower is a stuck client. */
const TIMEOUT_MS = 5_000;
const MAX_CONNECTIONS = 32;

const COMMON_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

function sameSecret(a: string, b: string): boolean {
  // Digests make the lengths equal, so the comparison time says nothing about the secret.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** `127.0.0.1:9464`, `[::1]:9464`, `localhost` -> whether it names this machine. */
function hostHeaderIsLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopbackHost(name.toLowerCase());
}

function send(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string, extra = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...COMMON_HEADERS, ...extra, 'content-type': type, 'content-length': bytes.byteLength });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const { token, metrics, health, log } = opts;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, req, 405, TEXT, 'Only GET and HEAD.\n', { allow: 'GET, HEAD' });
    }
    if (token) {
      const auth = req.headers.authorization;
      if (!(auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token))) {
        return send(res, req, 401, TEXT, 'A bearer token (SCANLINE_METRICS_TOKEN) is required.\n', {
          'www-authenticate': 'Bearer realm="scanline-ops"',
        });
      }
    } else if (!hostHeaderIsLoopback(req.headers.host)) {
      return send(res, req, 403, TEXT, 'The Host header must name this machine (127.0.0.1, localhost or [::1]).\n');
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      const text = await metrics.text();
      return send(res, req, 200, metrics.contentType, text);
    }
    if (path === '/healthz') {
      const report = health.report();
      return send(res, req, report.status === 'ok' ? 200 : 503, JSON_TYPE, `${JSON.stringify(report)}\n`);
    }
    return send(res, req, 404, TEXT, 'Not found: /metrics or /healthz.\n');
  };

  const server: Server = createServer(
    { requestTimeout: TIMEOUT_MS, headersTimeout: TIMEOUT_MS, keepAliveTimeout: TIMEOUT_MS, maxHeaderSize: 8192 },
    (req, res) => {
      // A request body is never read: it is not wanted, and node discards it.
      handle(req, res).catch((error: unknown) => {
        log.error({ err: error, path: req.url }, 'ops request failed');
        if (!res.headersSent) send(res, req, 500, TEXT, 'Internal error (see the log).\n');
        else res.destroy();
      });
    },
  );
  server.maxConnections = MAX_CONNECTIONS;
  server.setTimeout(TIMEOUT_MS, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'ops server error'));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, token: token ? 'required' : 'none (loopback only)' }, 'ops server listening (/metrics, /healthz)');
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
