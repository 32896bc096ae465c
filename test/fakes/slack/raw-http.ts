// Hostile HTTP clients on real loopback sockets: huge bodies, lying lengths, byte-by-byte drips.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface BigPostResult {
  /** The answer's status, when one arrived before the connection closed. */
  status?: number;
  /** Body bytes the client handed to its socket before the connection closed. */
  bytesSent: number;
  /** The whole body was sent. */
  finishedSending: boolean;
  /** Milliseconds from the first byte to the answer (or the close, when none came). */
  answeredMs: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/**
 * Posts `bytes` of body from one reused 64 KiB chunk (so the client holds no copy), declaring the length
 * or sending it chunked; resolves when the server's answer is in and the connection is closed.
 */
export function postBig(
  url: string,
  bytes: number,
  opts: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<BigPostResult> {
  const u = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    let bytesSent = 0;
    let status: number | undefined;
    let answeredMs: number | undefined;
    let stop = false;
    const req = request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': 'application/json',
        ...(opts.chunked ? {} : { 'content-length': String(bytes) }),
        ...opts.headers,
      },
    });
    req.on('response', (res) => {
      status = res.statusCode;
      answeredMs = performance.now() - started;
      stop = true;
      res.resume();
    });
    // A server that stops reading resets the connection under our writes: that is the expected end.
    req.on('error', () => undefined);
    req.on('close', () =>
      resolve({
        ...(status !== undefined ? { status } : {}),
        bytesSent,
        finishedSending: bytesSent >= bytes,
        answeredMs: answeredMs ?? performance.now() - started,
      }),
    );
    const pump = (): void => {
      while (!stop && bytesSent < bytes && !req.destroyed) {
        const n = Math.min(CHUNK.length, bytes - bytesSent);
        bytesSent += n;
        if (!req.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      if (bytesSent >= bytes && !req.destroyed) req.end();
    };
    pump();
  });
}

export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server (or the network) closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function rawConnection(url: string): Promise<RawConnection> {
  const u = new URL(url);
  const socket = connect({ host: u.hostname, port: Number(u.port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let closed = false;
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  const done = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  return { socket, received: () => text, closed: done, isClosed: () => closed };
}

export interface DripResult {
  /** The server closed the connection before the drip ran out. */
  closedByServer: boolean;
  /** Bytes dripped before the close. */
  dripped: number;
  /** What the server answered, e.g. "HTTP/1.1 408 Request Timeout". */
  statusLine: string;
}

/**
 * Sends `prefix` at once, then `drip` one byte every `everyMs` (a slow client); gives up after the
 * whole drip. The server's timeouts should close the connection long before that.
 */
export async function drip(url: string, prefix: string, dripText: string, everyMs: number): Promise<DripResult> {
  const c = await rawConnection(url);
  if (prefix) c.socket.write(prefix);
  let dripped = 0;
  while (dripped < dripText.length && !c.isClosed()) {
    await new Promise((r) => setTimeout(r, everyMs));
    if (c.isClosed()) break;
    c.socket.write(dripText[dripped] as string);
    dripped += 1;
  }
  const closedByServer = c.isClosed();
  c.socket.destroy();
  await c.closed;
  return { closedByServer, dripped, statusLine: c.received().split('\r\n')[0] ?? '' };
}

/** A request head as Slack would send it, for raw sockets. */
export function head(path: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}
