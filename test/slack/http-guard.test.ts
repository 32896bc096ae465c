// The guard in front of Bolt on real loopback sockets, with a stub in Bolt's place.
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SLACK_HTTP_LIMITS,
  SignatureMemory,
  createSlackHttpGuard,
  createSlackHttpServer,
  validSlackSignature,
  type BufferedRequest,
  type SlackHttpGuard,
  type SlackHttpLimits,
} from '../../src/adapters/slack/http-guard.js';
import { waitFor } from '../fakes/slack/harness.js';
import { drip, head, postBig, rawConnection } from '../fakes/slack/raw-http.js';
import { slackSignature } from '../fakes/slack/slack-requests.js';

const SECRET = 'guard-test-secret';
const CAP = 64 * 1024;
// Only the slow-client tests shorten the timeouts: on a loaded machine 200 ms can pass before headers are parsed.
const SHORT = { headersTimeoutMs: 200, requestTimeoutMs: 400 };

interface Started {
  url: string;
  guard: SlackHttpGuard;
  /** Bodies that reached the stub (what Bolt would have seen). */
  seen: string[];
  logs: { msg: string; [k: string]: unknown }[];
  server: Server;
}

let running: Server[] = [];
afterEach(async () => {
  for (const s of running) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  running = [];
});

async function start(limits: Partial<SlackHttpLimits> = {}, now?: () => number): Promise<Started> {
  const logs: Started['logs'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(JSON.parse(chunk.toString()) as Started['logs'][number]);
      cb();
    },
  });
  const seen: string[] = [];
  const full: SlackHttpLimits = {
    ...DEFAULT_SLACK_HTTP_LIMITS,
    maxBodyBytes: CAP,
    ...limits,
  };
  const guard = createSlackHttpGuard(
    { signingSecret: SECRET, limits: full, log: pino({ level: 'info' }, sink), ...(now ? { now } : {}) },
    (req: IncomingMessage, res: ServerResponse) => {
      seen.push((req as BufferedRequest).rawBody.toString());
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
  );
  const server = createSlackHttpServer(guard, full);
  running.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/slack/events`, guard, seen, logs, server };
}

const nowSec = () => Math.floor(Date.now() / 1000);

function signed(body: string, ts = nowSec(), secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(secret, ts, body),
  };
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers, body });

/** Sends only the head of a request (no body byte) and returns the status line of the answer. */
async function headOnly(
  url: string,
  headers: Record<string, string>,
): Promise<{ statusLine: string; closed: boolean }> {
  const c = await rawConnection(url);
  c.socket.write(head('/slack/events', headers));
  await waitFor(() => c.received().includes('\r\n\r\n'), 'an answer to the head');
  await c.closed;
  return { statusLine: c.received().split('\r\n')[0] ?? '', closed: c.isClosed() };
}

describe('Slack HTTP guard', () => {
  it('passes a signed request under the cap to Bolt with its body already read', async () => {
    const s = await start();
    const body = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', pad: 'x'.repeat(CAP - 100) });
    const res = await post(s.url, body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(s.seen).toEqual([body]);
    await waitFor(() => s.guard.bufferedBytes === 0, 'held bytes released');
  });

  it('answers 413 from the Content-Length alone, before any body byte arrives', async () => {
    const s = await start();
    const answer = await headOnly(s.url, { ...signed(''), 'content-length': String(64 * 1024 * 1024) });
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.closed).toBe(true);
    expect(s.seen).toEqual([]);
  });

  it('stops reading a declared 64 MB body: 413 and the connection closed long before the client is done', async () => {
    const s = await start();
    const total = 64 * 1024 * 1024;
    const r = await postBig(s.url, total);
    expect(r.status).toBe(413);
    expect(r.finishedSending).toBe(false);
    expect(r.bytesSent).toBeLessThan(total / 4);
    expect(s.seen).toEqual([]);
  });

  it('counts the bytes of a chunked body with no Content-Length: 413 once past the cap', async () => {
    const s = await start();
    const total = 64 * 1024 * 1024;
    const r = await postBig(s.url, total, { chunked: true });
    expect(r.status).toBe(413);
    expect(r.finishedSending).toBe(false);
    expect(r.bytesSent).toBeLessThan(total / 4);
    expect(s.seen).toEqual([]);
    const line = s.logs.find((l) => /body over/.test(l.msg));
    const readBytes = Number(/after (\d+)/.exec(line?.msg ?? '')?.[1]);
    // The guard held at most the cap and refused on the chunk that crossed it.
    expect(readBytes).toBeGreaterThan(CAP);
    expect(readBytes).toBeLessThanOrEqual(CAP + 64 * 1024);
    expect(s.guard.bufferedBytes).toBe(0);
  });

  it('refuses an oversized Expect: 100-continue request without asking for its body', async () => {
    const s = await start();
    const c = await rawConnection(s.url);
    c.socket.write(head('/slack/events', { ...signed(''), 'content-length': String(CAP + 1), expect: '100-continue' }));
    await c.closed;
    expect(c.received()).not.toContain('100 Continue');
    expect(c.received().split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('refuses timestamps more than 5 minutes in the future or the past before reading the body', async () => {
    const s = await start();
    for (const ts of [nowSec() + 301, nowSec() - 301, nowSec() + 3600 * 24 * 365]) {
      // The head promises 10 bytes that never come: the answer cannot have waited for them.
      const answer = await headOnly(s.url, { ...signed('0123456789', ts), 'content-length': '10' });
      expect(answer.statusLine).toBe('HTTP/1.1 401 Unauthorized');
    }
    for (const bad of ['abc', '-5', '1e9', '']) {
      const res = await post(s.url, '{}', { ...signed('{}'), 'x-slack-request-timestamp': bad });
      expect(res.status).toBe(401);
    }
    expect(s.seen).toEqual([]);
  });

  it('accepts timestamps inside the window either way', async () => {
    const s = await start();
    for (const ts of [nowSec() + 290, nowSec() - 290]) {
      const body = JSON.stringify({ ts });
      expect((await post(s.url, body, signed(body, ts))).status).toBe(200);
    }
    expect(s.seen).toHaveLength(2);
  });

  it('runs a replayed signature once and acknowledges the copy with 200; a re-signed retry runs', async () => {
    const s = await start();
    const body = JSON.stringify({ command: '/imagine', text: 'a cat' });
    const ts = nowSec() - 10;
    const headers = signed(body, ts);
    expect((await post(s.url, body, headers)).status).toBe(200);
    const replay = await post(s.url, body, { ...headers, 'x-slack-retry-num': '1' });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('');
    expect(s.seen).toEqual([body]);
    expect(s.logs.some((l) => /replayed/.test(l.msg))).toBe(true);
    // Slack signs each retry anew: a new timestamp is a new request (event ids dedupe those).
    const resigned = await post(s.url, body, signed(body, ts + 1));
    expect(resigned.status).toBe(200);
    expect(s.seen).toHaveLength(2);
  });

  it('refuses a bad signature without remembering it, so the genuine request still runs', async () => {
    const s = await start();
    const body = '{"a":1}';
    const ts = nowSec();
    const forged = await post(s.url, body, { ...signed(body, ts, 'wrong'), 'x-slack-signature': 'v0=00' });
    expect(forged.status).toBe(401);
    const other = await post(s.url, body, signed(body, ts, 'wrong'));
    expect(other.status).toBe(401);
    expect(s.guard.rememberedSignatures).toBe(0);
    expect((await post(s.url, body, signed(body, ts))).status).toBe(200);
    const noSig = await post(s.url, body, {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
    });
    expect(noSig.status).toBe(401);
    expect(s.seen).toEqual([body]);
  });

  it('hands unsigned bodies under the cap to Bolt (its ssl_check answer and 401 live there)', async () => {
    const s = await start();
    const res = await post(s.url, 'ssl_check=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(s.seen).toEqual(['ssl_check=1']);
  });

  it('answers 404 for other paths and methods', async () => {
    const s = await start();
    expect((await fetch(s.url)).status).toBe(404);
    expect((await fetch(s.url.replace('/slack/events', '/other'), { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('answers 503 when the bodies held at once would pass the budget, and releases them afterwards', async () => {
    const s = await start({ maxBodyBytes: 1000, maxBufferedBytes: 1500 });
    const first = await rawConnection(s.url);
    first.socket.write(head('/slack/events', { 'content-length': '1000' }) + 'a'.repeat(900));
    await waitFor(() => s.guard.bufferedBytes === 900, 'the first body held');
    const second = await rawConnection(s.url);
    second.socket.write(head('/slack/events', { 'content-length': '1000' }) + 'b'.repeat(900));
    await second.closed;
    expect(second.received().split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
    first.socket.write('a'.repeat(100));
    await waitFor(() => first.received().includes('ok'), 'the first request answered');
    expect(s.seen).toEqual(['a'.repeat(1000)]);
    first.socket.destroy();
    await waitFor(() => s.guard.bufferedBytes === 0, 'held bytes released');
  });

  it('closes a connection that drips its headers', async () => {
    const s = await start(SHORT);
    const r = await drip(s.url, 'POST /slack/events HTTP/1.1\r\n', 'X-Slack-Signature: v0=' + 'a'.repeat(200), 25);
    expect(r.closedByServer).toBe(true);
    expect(r.statusLine).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('closes a connection that sends nothing', async () => {
    const s = await start(SHORT);
    const c = await rawConnection(s.url);
    await c.closed;
    expect(c.isClosed()).toBe(true);
  });

  it('closes a connection that drips its body, and lets go of what it held', async () => {
    const s = await start(SHORT);
    const r = await drip(s.url, head('/slack/events', { 'content-length': '400' }), 'a'.repeat(400), 25);
    expect(r.closedByServer).toBe(true);
    expect(r.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(r.dripped).toBeLessThan(400);
    expect(s.seen).toEqual([]);
    await waitFor(() => s.guard.bufferedBytes === 0, 'held bytes released');
  });
});

describe('SignatureMemory', () => {
  it('refuses a signature seen before it expires, accepts it after', () => {
    const m = new SignatureMemory(10);
    expect(m.first('v0=a', 1000, 0)).toBe(true);
    expect(m.first('v0=a', 1000, 999)).toBe(false);
    expect(m.first('v0=a', 5000, 1001)).toBe(true);
  });

  it('stays bounded under many live signatures and drops expired ones as it goes', () => {
    const m = new SignatureMemory(100);
    for (let i = 0; i < 1000; i++) m.first(`v0=${i}`, 10_000, 0);
    expect(m.size).toBeLessThanOrEqual(100);
    expect(m.first('v0=999', 10_000, 1)).toBe(false);
    m.first('v0=late', 30_000, 20_000);
    expect(m.size).toBe(1);
  });
});

describe('validSlackSignature', () => {
  it("matches Slack's v0 HMAC over the raw bytes", () => {
    const body = Buffer.from('{"text":"héllo 你好"}');
    expect(validSlackSignature(SECRET, '1700000000', body, slackSignature(SECRET, 1700000000, body.toString()))).toBe(
      true,
    );
    expect(validSlackSignature(SECRET, '1700000001', body, slackSignature(SECRET, 1700000000, body.toString()))).toBe(
      false,
    );
    expect(validSlackSignature(SECRET, '1700000000', body, 'v0=short')).toBe(false);
  });
});
