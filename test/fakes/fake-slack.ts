// A local Slack for tests, written from Slack's documented Web API and event formats:
// POST /api/<method> (form-urlencoded or JSON, Bearer token) answering HTTP 200 {ok} or 429
// with Retry-After; the external upload flow; private file hosting that needs the bot token
// (HTML without it); response_url; apps.connections.open and a Socket Mode WebSocket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ServerErrors } from './server-errors.js';

export interface FakeSlackOptions {
  botToken: string;
  appToken?: string;
  team?: string;
  botUserId?: string;
  botId?: string;
  /** Users and their Slack locales (users.info include_locale). */
  users?: Record<string, { name: string; locale?: string; is_admin?: boolean; is_owner?: boolean }>;
  /** How long an uploaded file is "processing" (image blocks naming it are invalid_blocks meanwhile). */
  fileProcessingMs?: number;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

export interface FakeMessage {
  ts: string;
  channel: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  blocks?: Record<string, unknown>[];
  files?: FakeFileObject[];
}

export interface FakeFileObject {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
  user: string;
}

interface StoredFile {
  object: FakeFileObject;
  bytes?: Uint8Array;
  completedAt?: number;
  shared: boolean;
}

const SLACK_IMAGE_MIMES = new Set(['image/png', 'image/jpeg', 'image/gif']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form fields that carry JSON (blocks, files, view) are parsed; everything else stays a string. */
function parseArgs(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if (contentType?.includes('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export class FakeSlack {
  readonly opts: Required<Omit<FakeSlackOptions, 'appToken'>> & { appToken?: string };
  readonly calls: ApiCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly responses: { id: string; body: unknown }[] = [];
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  /** Methods answered 429, in order. */
  readonly throttled: string[] = [];
  /** File ids fetched from private hosting with the bot token. */
  readonly downloads: string[] = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly limits = new Map<string, { times: number; retryAfter: number }>();
  private readonly serverErrors = new ServerErrors<string>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private ackWaiters = new Map<string, (payload: unknown) => void>();
  private seq = 0;
  base = '';

  constructor(opts: FakeSlackOptions) {
    this.opts = {
      team: 'T0TEST',
      botUserId: 'U0BOT',
      botId: 'B0BOT',
      users: {},
      fileProcessingMs: 0,
      ...opts,
    };
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => json(res, 500, { ok: false, error: String(error) }));
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = safeJson(String(data)) as { envelope_id?: string; payload?: unknown };
        if (!msg?.envelope_id) return;
        this.acks.push({ envelope_id: msg.envelope_id, payload: msg.payload });
        this.ackWaiters.get(msg.envelope_id)?.(msg.payload);
        this.ackWaiters.delete(msg.envelope_id);
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TEST' } }));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  get host(): string {
    return new URL(this.base).host;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` calls of `method` answer 429 with Retry-After. */
  rateLimit(method: string, times: number, retryAfterSec = 1): void {
    this.limits.set(method, { times, retryAfter: retryAfterSec });
  }

  /** Calls of `method` ('upload': the upload URL) answer HTTP `status`: the next `times`, or for `forMs`. */
  serverError(
    method: string,
    { times, forMs, status = 500 }: { times?: number; forMs?: number; status?: number },
  ): void {
    if (times !== undefined) this.serverErrors.next(method, times, status);
    else this.serverErrors.during(method, forMs ?? Infinity, status);
  }

  /** Methods (or 'upload' for the upload URL) answered with a 5xx by `serverError`, in order. */
  get serverErrored(): readonly string[] {
    return this.serverErrors.failed;
  }

  /** The 5xx status this call gets, if an outage covers it (a counted one spends a call). */
  private outage(method: string): number | undefined {
    return this.serverErrors.take(new Set([method]));
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A file a user uploaded: served privately (bot token only). */
  hostFile(name: string, bytes: Uint8Array, mimetype: string, user = 'U0ALICE'): FakeFileObject {
    const file = this.newFile(name, mimetype, bytes.byteLength, user);
    this.files.set(file.id, { object: file, bytes, completedAt: 0, shared: true });
    return file;
  }

  /** A message someone else posted (conversations.replies shows it). */
  addMessage(message: Omit<FakeMessage, 'ts'> & { ts?: string }): FakeMessage {
    const full: FakeMessage = { ...message, ts: message.ts ?? this.nextTs() };
    this.messages.push(full);
    return full;
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  fileBytes(id: string): Uint8Array | undefined {
    return this.files.get(id)?.bytes;
  }

  fileShared(id: string): boolean {
    return this.files.get(id)?.shared ?? false;
  }

  nextTs(): string {
    this.seq += 1;
    return `${1_700_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  /** Socket Mode: sends an envelope to every connected client; resolves with the first ack's payload. */
  sendEnvelope(type: string, payload: unknown, extra: Record<string, unknown> = {}): Promise<unknown> {
    const envelope_id = `env-${++this.seq}`;
    const acked = new Promise<unknown>((resolve) => this.ackWaiters.set(envelope_id, resolve));
    const frame = JSON.stringify({
      envelope_id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...extra,
    });
    for (const ws of this.sockets) ws.send(frame);
    return acked;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  private newFile(name: string, mimetype: string, size: number, user: string): FakeFileObject {
    const id = `F${String(++this.seq).padStart(8, '0')}`;
    const url = `${this.base}/files-pri/${this.opts.team}-${id}/${encodeURIComponent(name)}`;
    return {
      id,
      name,
      title: name,
      mimetype,
      filetype: mimetype.split('/')[1] ?? 'binary',
      size,
      url_private: url,
      url_private_download: `${url}?download=1`,
      user,
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      this.api(url.pathname.slice(5), req, raw, res);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const failWith = this.outage('upload');
      if (failWith) return json(res, failWith, { ok: false });
      const stored = this.files.get(url.pathname.slice(8));
      if (!stored) return json(res, 404, { ok: false });
      stored.bytes = new Uint8Array(raw);
      stored.object.size = raw.byteLength;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`OK - ${raw.byteLength}`);
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      const id = url.pathname.split('/')[2]?.split('-')[1] ?? '';
      const stored = this.files.get(id);
      // Slack answers a login page, not 401, when the token is missing or wrong.
      if (req.headers.authorization !== `Bearer ${this.opts.botToken}` || !stored?.bytes) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
        return;
      }
      this.downloads.push(id);
      res.writeHead(200, { 'Content-Type': stored.object.mimetype, 'Content-Length': String(stored.bytes.byteLength) });
      res.end(stored.bytes);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      this.responses.push({ id: url.pathname.slice(10), body: safeJson(raw.toString('utf8')) });
      return json(res, 200, { ok: true });
    }
    json(res, 404, { ok: false, error: 'unknown_path' });
  }

  private api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args = parseArgs(raw, req.headers['content-type']);
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7)
      : typeof args.token === 'string'
        ? args.token
        : undefined;
    this.calls.push({ method, args, ...(token ? { token } : {}), at: performance.now() });
    const failWith = this.outage(method);
    if (failWith) return json(res, failWith, { ok: false, error: 'internal_error' });
    const limit = this.limits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      this.throttled.push(method);
      return json(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(limit.retryAfter) });
    }
    const wanted = method === 'apps.connections.open' ? this.opts.appToken : this.opts.botToken;
    if (!token) return json(res, 200, { ok: false, error: 'not_authed' });
    if (token !== wanted) return json(res, 200, { ok: false, error: 'invalid_auth' });
    const answer = this.answer(method, args);
    json(res, 200, answer);
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const o = this.opts;
    const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'scanline',
          team_id: o.team,
          user_id: o.botUserId,
          bot_id: o.botId,
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http', 'ws')}/link?ticket=t${this.seq}` };
      case 'users.info': {
        const id = s(a.user) ?? '';
        const u = o.users[id];
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            name: u.name,
            is_admin: u.is_admin ?? false,
            is_owner: u.is_owner ?? false,
            ...(a.include_locale && u.locale ? { locale: u.locale } : {}),
          },
        };
      }
      case 'chat.postMessage': {
        const channel = s(a.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const invalid = this.checkBlocks(a.blocks);
        if (invalid) return { ok: false, error: invalid };
        const m = this.addMessage({
          channel,
          ...(s(a.thread_ts) ? { thread_ts: s(a.thread_ts) } : {}),
          user: o.botUserId,
          bot_id: o.botId,
          text: s(a.text) ?? '',
          ...(Array.isArray(a.blocks) ? { blocks: a.blocks as Record<string, unknown>[] } : {}),
        });
        return { ok: true, channel, ts: m.ts, message: m };
      }
      case 'chat.update': {
        const m = this.message(s(a.channel) ?? '', s(a.ts) ?? '');
        if (!m) return { ok: false, error: 'message_not_found' };
        const invalid = this.checkBlocks(a.blocks);
        if (invalid) return { ok: false, error: invalid };
        m.text = s(a.text) ?? m.text;
        if (Array.isArray(a.blocks)) m.blocks = a.blocks as Record<string, unknown>[];
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.delete': {
        const i = this.messages.findIndex((m) => m.channel === a.channel && m.ts === a.ts);
        if (i < 0) return { ok: false, error: 'message_not_found' };
        this.messages.splice(i, 1);
        return { ok: true, channel: a.channel, ts: a.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
        return { ok: true, view: { id: `V${++this.seq}`, ...(a.view as Record<string, unknown>) } };
      case 'files.getUploadURLExternal': {
        const name = s(a.filename);
        const length = Number(a.length);
        if (!name || !(length > 0)) return { ok: false, error: 'invalid_arguments' };
        const mimetype = /\.png$/i.test(name)
          ? 'image/png'
          : /\.jpe?g$/i.test(name)
            ? 'image/jpeg'
            : /\.webp$/i.test(name)
              ? 'image/webp'
              : 'application/octet-stream';
        const file = this.newFile(name, mimetype, length, o.botUserId);
        this.files.set(file.id, { object: file, shared: false });
        return { ok: true, upload_url: `${this.base}/upload/${file.id}`, file_id: file.id };
      }
      case 'files.completeUploadExternal': {
        const list = Array.isArray(a.files) ? (a.files as { id: string; title?: string }[]) : [];
        const done: FakeFileObject[] = [];
        for (const f of list) {
          const stored = this.files.get(f.id);
          if (!stored?.bytes) return { ok: false, error: 'file_not_found' };
          stored.completedAt = performance.now();
          if (f.title) stored.object.title = f.title;
          done.push(stored.object);
        }
        const channel = s(a.channel_id);
        if (channel) {
          for (const f of list) (this.files.get(f.id) as StoredFile).shared = true;
          this.addMessage({
            channel,
            ...(s(a.thread_ts) ? { thread_ts: s(a.thread_ts) } : {}),
            user: o.botUserId,
            bot_id: o.botId,
            files: done,
          });
        }
        return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'files.info': {
        const stored = this.files.get(s(a.file) ?? '');
        return stored ? { ok: true, file: stored.object } : { ok: false, error: 'file_not_found' };
      }
      case 'files.delete':
        return this.files.delete(s(a.file) ?? '') ? { ok: true } : { ok: false, error: 'file_not_found' };
      case 'conversations.replies': {
        const thread = s(a.ts);
        const list = this.messages.filter(
          (m) => m.channel === a.channel && (m.ts === thread || m.thread_ts === thread),
        );
        return { ok: true, messages: list, has_more: false };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Image blocks must name a finished, processed png/jpg/gif file; block_ids must be unique. */
  private checkBlocks(blocks: unknown): string | undefined {
    if (blocks === undefined) return undefined;
    if (!Array.isArray(blocks) || blocks.length > 50) return 'invalid_blocks';
    const ids = new Set<string>();
    for (const b of blocks as Record<string, unknown>[]) {
      if (typeof b.block_id === 'string') {
        if (ids.has(b.block_id)) return 'invalid_blocks';
        ids.add(b.block_id);
      }
      if (b.type !== 'image') continue;
      const ref = b.slack_file as { id?: string } | undefined;
      const stored = ref?.id ? this.files.get(ref.id) : undefined;
      if (!stored?.completedAt || !SLACK_IMAGE_MIMES.has(stored.object.mimetype)) return 'invalid_blocks';
      if (performance.now() - stored.completedAt < this.opts.fileProcessingMs) return 'invalid_blocks';
    }
    return undefined;
  }
}
