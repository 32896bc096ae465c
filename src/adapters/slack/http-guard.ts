// What stands in front of Bolt on the public /slack/events endpoint: a body cap checked while
// bytes stream in, timestamps within ±5 minutes, one run per signature, and slow connections closed.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SeenOnce } from '../../pipeline/index.js';

export interface SlackHttpLimits {
  /** Largest request body read, in bytes; larger ones get 413 as soon as the cap is crossed. */
  maxBodyBytes: number;
  /** Bytes of all request bodies held at once; a body that would pass it gets 503 (Slack retries). */
  maxBufferedBytes: number;
  /** Time to receive a request's headers before the connection is closed (408). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included, before the connection is closed (408). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused by the server. */
  maxConnections: number;
  /** How far a request's timestamp may be from our clock, either way (Slack says 5 minutes). */
  toleranceSec: number;
  /** Accepted signatures remembered to refuse replays; each is kept only while its timestamp could pass. */
  maxRemembered: number;
}

export const DEFAULT_SLACK_HTTP_LIMITS: Readonly<SlackHttpLimits> = {
  // Slack's biggest payload for us, a shortcut on a 40,000-character message sent form-encoded, is under 1 MiB.
  maxBodyBytes: 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  // Slack sends each request at once and waits 3 s for the answer: seconds are generous.
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  toleranceSec: 300,
  // Slack sends an app at most 30,000 events an hour per workspace: about 2,500 in a 5-minute window.
  maxRemembered: 10_000,
};

export const SLACK_EVENTS_PATH = '/slack/events';

/** The request Bolt's listener gets: its body already read, so Bolt does not read the stream again. */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

/** Signatures accepted while their timestamps are inside the window: a second one is a replay. */
export class SignatureMemory {
  private readonly until = new Map<string, number>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.until.size;
  }

  /** True the first time a signature is offered before `validUntilMs`, false for a replay. */
  first(signature: string, validUntilMs: number, nowMs: number): boolean {
    const known = this.until.get(signature);
    if (known !== undefined && known >= nowMs) return false;
    this.until.delete(signature);
    this.until.set(signature, validUntilMs);
    // Entries arrive roughly in time order: drop expired ones from the front.
    for (const [key, u] of this.until) {
      if (u >= nowMs) break;
      this.until.delete(key);
    }
    if (this.until.size > this.max) this.prune(nowMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [key, u] of this.until) if (u < nowMs) this.until.delete(key);
    // Still full of live signatures: forget the oldest tenth at once so this scan stays rare.
    const keep = Math.floor(this.max * 0.9);
    for (const key of this.until.keys()) {
      if (this.until.size <= keep) break;
      this.until.delete(key);
    }
  }
}

/** Slack's v0 signature over the raw body, by Bolt's own verifier; the ±5 min window is checked before the body is read. */
export function validSlackSignature(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const sec = Number(timestamp);
  return isValidSlackRequest({
    signingSecret: secret,
    body: body.toString(),
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': sec },
    // Bolt also refuses old timestamps; measured from the request's own time, only the signature counts here.
    nowMilliseconds: sec * 1000,
  });
}

export interface SlackHttpGuardOptions {
  signingSecret: string;
  limits: SlackHttpLimits;
  log: Logger;
  /** The endpoint Slack posts to (default /slack/events); every other path gets 404. */
  path?: string;
  now?: () => number;
  /** Replicas behind a load balancer (SCANLINE_REDIS_URL): a signature accepted by any of them is a replay on the others. */
  sharedReplays?: SeenOnce;
}

export interface SlackHttpGuard {
  /** The server's request listener; `next` sees only capped, fresh, first-seen requests with `rawBody` set. */
  readonly listener: RequestListener;
  /** For `Expect: 100-continue`: refuses before the client sends the body. */
  readonly checkContinue: RequestListener;
  /** Bytes of request bodies held right now. */
  readonly bufferedBytes: number;
  /** Signatures remembered now. */
  readonly rememberedSignatures: number;
}

type Refusal = { status: 401 | 404 | 413 | 503; reason: string };
type ReadResult = { body: Buffer; release: () => void } | Refusal | 'aborted';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

export function createSlackHttpGuard(options: SlackHttpGuardOptions, next: RequestListener): SlackHttpGuard {
  const { limits, log, signingSecret } = options;
  const path = options.path ?? SLACK_EVENTS_PATH;
  const now = options.now ?? Date.now;
  const memory = new SignatureMemory(limits.maxRemembered);
  let buffered = 0;

  /** What the request line and headers alone decide, before any body byte is read. */
  function beforeBody(req: IncomingMessage): Refusal | undefined {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) return { status: 404, reason: 'not found' };
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > limits.maxBodyBytes) {
      return { status: 413, reason: `Content-Length ${length} over ${limits.maxBodyBytes}` };
    }
    const ts = req.headers['x-slack-request-timestamp'];
    if (ts !== undefined) {
      const sec = typeof ts === 'string' && /^\d{1,12}$/.test(ts) ? Number(ts) : NaN;
      if (!(Math.abs(now() / 1000 - sec) <= limits.toleranceSec)) {
        return { status: 401, reason: `timestamp ${String(ts)} outside ±${limits.toleranceSec} s` };
      }
    }
    return undefined;
  }

  function readBody(req: IncomingMessage): Promise<ReadResult> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const release = () => {
        buffered -= size;
        size = 0;
      };
      const finish = (result: ReadResult) => {
        if (done) return;
        done = true;
        req.off('data', onData);
        if (typeof result !== 'object' || !('body' in result)) {
          release();
          // Nothing more is read from a refused request; its socket is closed with the answer.
          req.pause();
        }
        resolve(result);
      };
      const onData = (chunk: Buffer) => {
        if (size + chunk.length > limits.maxBodyBytes) {
          finish({ status: 413, reason: `body over ${limits.maxBodyBytes} bytes after ${size + chunk.length}` });
        } else if (buffered + chunk.length > limits.maxBufferedBytes) {
          finish({ status: 503, reason: `${buffered} bytes of bodies already held` });
        } else {
          size += chunk.length;
          buffered += chunk.length;
          chunks.push(chunk);
        }
      };
      req.on('data', onData);
      req.once('end', () => finish({ body: Buffer.concat(chunks, size), release }));
      req.once('error', () => finish('aborted'));
      req.once('close', () => finish('aborted'));
    });
  }

  function refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    if (refusal.status !== 404) {
      log.warn(
        { status: refusal.status, remote: req.socket.remoteAddress },
        `Slack HTTP request refused: ${refusal.reason}`,
      );
    }
    // Connection: close makes Node close the socket once the answer is out, so the rest of the body is never read.
    res.writeHead(refusal.status, { connection: 'close', 'content-length': '0' });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const early = beforeBody(req);
    if (early) return refuse(req, res, early);
    const read = await readBody(req);
    if (read === 'aborted') return;
    if (!('body' in read)) return refuse(req, res, read);
    res.once('close', read.release);
    const signature = header(req, 'x-slack-signature');
    const ts = header(req, 'x-slack-request-timestamp');
    if (signature !== undefined || ts !== undefined) {
      if (
        signature === undefined ||
        ts === undefined ||
        !validSlackSignature(signingSecret, ts, read.body, signature)
      ) {
        return refuse(req, res, { status: 401, reason: 'signature mismatch' });
      }
      const validUntil = (Number(ts) + limits.toleranceSec) * 1000;
      const first =
        memory.first(signature, validUntil, now()) &&
        (!options.sharedReplays ||
          (await options.sharedReplays.first(`slack:signature:${signature}`, validUntil - now())));
      if (!first) {
        log.info(
          { timestamp: ts, retry: header(req, 'x-slack-retry-num') },
          'replayed Slack request acknowledged, not run',
        );
        res.writeHead(200, { 'content-length': '0' });
        res.end();
        return;
      }
    }
    // Unsigned requests go on too: Bolt answers Slack's ssl_check and refuses the rest with 401.
    (req as BufferedRequest).rawBody = read.body;
    next(req, res);
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'Slack HTTP request failed');
      if (!res.headersSent) res.writeHead(500, { connection: 'close', 'content-length': '0' });
      res.end();
    });
  };

  const checkContinue: RequestListener = (req, res) => {
    const early = beforeBody(req);
    if (early) return refuse(req, res, early);
    res.writeContinue();
    listener(req, res);
  };

  return {
    listener,
    checkContinue,
    get bufferedBytes() {
      return buffered;
    },
    get rememberedSignatures() {
      return memory.size;
    },
  };
}

/** A node http server with the limits' timeouts, serving the guard's listener. */
export function createSlackHttpServer(guard: SlackHttpGuard, limits: SlackHttpLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks the two timeouts on this interval (30 s by default, which would let slow clients linger).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    guard.listener,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on('checkContinue', guard.checkContinue);
  return server;
}
