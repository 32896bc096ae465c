import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ScanlineError, isScanlineError } from '../../common/errors.js';
import { t, type MessageKey } from '../../common/messages.js';
import { resolveAction } from '../../pipeline/chat-actions.js';
import type { StoredImage } from '../../pipeline/job-journal.js';
import type { AdapterRuntime } from '../adapter-runtime.js';
import type { ImageRef, JobActionId, Locale, Request, Requester, SinkBudget } from '../../pipeline/types.js';
import { Access } from './access.js';
import { SessionRegistry, type BrowserSession } from './browser-sessions.js';
import { SESSION_COOKIE, cookieHeader, parseCookies } from './cookies.js';
import { BodySlots, declaredLength, readBody } from './http-body.js';
import { ImageStore, servedMime, type Reservation, type StoredFile } from './image-store.js';
import { requestLocale } from './request-locale.js';
import { loadStaticFiles, type StaticFile } from './static-files.js';
import { fontFile } from './web-font.js';
import { withSeed } from './web-messages.js';
import { WebSink } from './web-sink.js';
import type { WireError, WireImage, WireJob } from './wire.js';

/** What the playground needs of the process runtime (src/bots/runtime.ts satisfies it). */
export type PlaygroundRuntime = AdapterRuntime;

/** The settings the playground reads (src/bots/config.ts Config satisfies it). */
export interface PlaygroundConfig {
  playground: { host: string; port: number; token?: string };
  attachments: { maxBytes: number };
  playgroundLimits?: { memoryBytes: number; sessionBytes: number; uploadsAtOnce: number; uploadsPerSession: number };
}

export interface PlaygroundOptions {
  /** Memory for uploads and results, all sessions together (default: the config's playgroundLimits). */
  storeBytes?: number;
  /** One session's share of it; past it the session's own least recently used files go. */
  sessionBytes?: number;
  /** Uploads read at once, in all and per session. */
  uploadsAtOnce?: number;
  uploadsPerSession?: number;
  /** A session unused this long may lose its images when the store is full (default 30 minutes). */
  sessionIdleMs?: number;
  /** An upload sending nothing this long is dropped, freeing its slot (default 30 s). */
  uploadIdleMs?: number;
  maxSessions?: number;
  /** Turns each browser keeps for a reload. */
  maxTurns?: number;
  /** Minimum time between two updates of one reply. */
  minIntervalMs?: number;
}

export interface Playground {
  /** Where the page is, without any token. */
  url: string;
  close(): Promise<void>;
}

export const MAX_TEXT_LENGTH = 4000;
export const MAX_IMAGES_PER_MESSAGE = 10;
const JSON_BODY_BYTES = 64 * 1024;
const HEARTBEAT_MS = 20_000;
/** Seconds a refused upload is told to wait: a 25 MB body takes well under that on a local link. */
const UPLOAD_RETRY_AFTER_S = 2;
/** A local page has no rate limit: every frame goes out, still one at a time and newest first (the presenter's rule). */
const WEB_MIN_INTERVAL_MS = 0;
/** Results are PNG unless larger than this; a browser has no upload limit of its own. */
const MAX_RESULT_BYTES = 32 * 1024 * 1024;

const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const JobBody = z.object({
  text: z.string().max(MAX_TEXT_LENGTH * 4),
  uploads: z.array(z.string().max(64)).max(64).default([]),
  replyTo: z.object({ imageId: z.string().max(64), jobId: z.string().max(80) }).optional(),
  locale: z.string().max(35).optional(),
});

const ActionBody = z.object({ locale: z.string().max(35).optional() }).default({});

const ACTIONS: ReadonlySet<string> = new Set<JobActionId>(['cancel', 'reroll', 'edit', 'upscale', 'delete']);

class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

function wireFile(file: StoredFile): WireImage {
  return {
    id: file.id,
    url: `/files/${file.id}`,
    mime: file.mime,
    name: file.name,
    bytes: file.data.byteLength,
    ...(file.width !== undefined ? { width: file.width } : {}),
    ...(file.height !== undefined ? { height: file.height } : {}),
  };
}

/** A file name from the X-File-Name header, safe to show and to put in a Content-Disposition. */
function uploadName(header: string | string[] | undefined): string {
  let name = typeof header === 'string' ? header : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: keep it as sent.
  }
  name = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 120);
  return name || 'image';
}

function fileIdOf(url: string): string | undefined {
  return /\/files\/([\w-]{1,64})$/.exec(url)?.[1];
}

/**
 * The local playground: the page, a JSON API and Server-Sent Events over
 * Node's http module, a third adapter on the same pipeline as Discord and Slack.
 */
export async function startPlayground(
  runtime: PlaygroundRuntime,
  config: PlaygroundConfig,
  log: Logger,
  opts: PlaygroundOptions = {},
): Promise<Playground> {
  const { pipeline } = runtime;
  const maxUpload = config.attachments.maxBytes;
  const limitMb = Math.round((maxUpload / (1024 * 1024)) * 10) / 10;
  const access = new Access(config.playground.token);
  const limits = config.playgroundLimits;
  const store = new ImageStore({
    maxBytes: opts.storeBytes ?? limits?.memoryBytes ?? Math.max(256 * 1024 * 1024, 4 * maxUpload),
    sessionBytes: opts.sessionBytes ?? limits?.sessionBytes ?? Math.max(100 * 1024 * 1024, maxUpload),
    idleMs: opts.sessionIdleMs ?? 30 * 60_000,
  });
  const toMb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
  const uploadsPerSession = opts.uploadsPerSession ?? limits?.uploadsPerSession ?? 2;
  const uploadIdleMs = opts.uploadIdleMs ?? 30_000;
  const uploadSlots = new BodySlots({
    total: opts.uploadsAtOnce ?? limits?.uploadsAtOnce ?? 4,
    perKey: uploadsPerSession,
  });
  const sessions = new SessionRegistry(store, { maxSessions: opts.maxSessions ?? 500, maxTurns: opts.maxTurns ?? 100 });
  const files = await loadStaticFiles();
  const budget: SinkBudget = {
    minIntervalMs: opts.minIntervalMs ?? WEB_MIN_INTERVAL_MS,
    maxFileBytes: MAX_RESULT_BYTES,
    previewMime: 'image/jpeg',
  };
  const heartbeats = new Set<NodeJS.Timeout>();
  let port = config.playground.port;

  // Jobs of an earlier run were in tabs that are gone: close them in the journal.
  const interrupted = await pipeline.recoverInterrupted('web');
  if (interrupted.length > 0) log.info({ count: interrupted.length }, 'playground jobs interrupted by the restart');

  const requester = (session: BrowserSession, locale: Locale): Requester => ({
    platform: 'web',
    userId: session.userId,
    // Each browser is its own conversation, so one busy tab does not fill another's channel cap.
    channelId: `web:${session.userId}`,
    messageId: randomUUID(),
    isDM: true,
    locale,
  });

  const refOf = (file: StoredFile, owner: string): ImageRef => ({
    url: `/files/${file.id}`,
    name: file.name,
    size: file.data.byteLength,
    contentType: file.mime,
    ...(file.width !== undefined ? { width: file.width } : {}),
    ...(file.height !== undefined ? { height: file.height } : {}),
    async fetch() {
      const current = store.get(file.id, owner);
      if (!current) throw new ScanlineError('job_gone');
      // A copy: the pipeline may hand the bytes on, and the store keeps serving the file.
      return current.data.slice();
    },
  });

  const submit = (session: BrowserSession, request: Request, job: Omit<WireJob, 'jobId'>): string => {
    const sink = new WebSink({ session, store, job, budget });
    const handle = pipeline.submit(request, sink, { reply: { session: session.userId } });
    log.debug({ job: handle.id, task: handle.plan.task }, 'playground job');
    return handle.id;
  };

  const lookup = (session: BrowserSession, id: string, locale: Locale): StoredFile => {
    const file = store.get(id, session.userId);
    if (!file) throw new HttpError(410, 'image_gone', t('imageGone', locale));
    return file;
  };

  async function jsonBody(req: IncomingMessage, locale: Locale): Promise<unknown> {
    const body = await readBody(req, JSON_BODY_BYTES);
    if (!body.ok) throw new HttpError(413, 'bad_request', t('badJson', locale, { detail: 'too large' }));
    if (body.data.byteLength === 0) return {};
    try {
      return JSON.parse(body.data.toString('utf8'));
    } catch {
      throw new HttpError(400, 'bad_request', t('badJson', locale, { detail: 'not JSON' }));
    }
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, locale: Locale): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new HttpError(400, 'bad_request', t('badJson', locale, { detail }));
  }

  /**
   * An upload is admitted before its body is read: a declared size over the limit, no free upload
   * slot, or no room in the session's share or the store is answered at once, and each admitted
   * body holds a slot and its room until it is stored or refused.
   */
  async function postUpload(req: IncomingMessage, res: ServerResponse, session: BrowserSession, cookies: string[]) {
    const locale = requestLocale(req);
    const name = uploadName(req.headers['x-file-name']);
    const tooLarge = () => new HttpError(413, 'file_too_large', t('file_too_large', locale, { name, limitMb }));
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxUpload) throw tooLarge();
    const retry = { 'Retry-After': String(UPLOAD_RETRY_AFTER_S) };
    const releaseSlot = uploadSlots.tryTake(session.userId);
    if (!releaseSlot) throw new HttpError(429, 'uploads_busy', t('uploadsBusy', locale, { name }), retry);
    let held: Reservation | undefined;
    try {
      // Without a declared length the body may run up to the limit, so that much is held.
      const room = store.reserve(session.userId, declared ?? maxUpload);
      if (!room.ok) {
        if (room.reason === 'session_busy') {
          const share = { name, limitMb: toMb(store.sessionBytes) };
          throw new HttpError(429, 'session_busy', t('sessionBusy', locale, share), retry);
        }
        const all = { name, limitMb: toMb(store.maxBytes) };
        throw new HttpError(507, 'store_full', t('storeFull', locale, all), { 'Retry-After': '60' });
      }
      held = room.reservation;
      const body = await readBody(req, maxUpload, { idleMs: uploadIdleMs });
      if (!body.ok && body.reason === 'stalled') {
        const seconds = Math.round(uploadIdleMs / 100) / 10;
        throw new HttpError(408, 'upload_stalled', t('uploadStalled', locale, { name, seconds }));
      }
      if (!body.ok) throw tooLarge();
      if (body.data.byteLength === 0) throw new HttpError(400, 'image_empty', t('image_empty', locale, { name }));
      const data = new Uint8Array(body.data.buffer, body.data.byteOffset, body.data.byteLength);
      const file = held.commit({ owner: session.userId, data, name });
      sendJson(res, 201, { image: wireFile(file) }, cookies);
    } finally {
      held?.release();
      releaseSlot();
    }
  }

  async function postJob(req: IncomingMessage, res: ServerResponse, session: BrowserSession, cookies: string[]) {
    const raw = await jsonBody(req, requestLocale(req));
    const locale = requestLocale(req, (raw as { locale?: unknown } | undefined)?.locale);
    const body = parse(JobBody, raw, locale);
    const text = body.text.trim();
    if ([...text].length > MAX_TEXT_LENGTH) {
      throw new HttpError(
        400,
        'text_too_long',
        t('textTooLong', locale, { length: [...text].length, limit: MAX_TEXT_LENGTH }),
      );
    }
    if (body.uploads.length > MAX_IMAGES_PER_MESSAGE) {
      throw new HttpError(400, 'too_many_images', t('tooManyImages', locale, { limit: MAX_IMAGES_PER_MESSAGE }));
    }
    if (!text && body.uploads.length === 0 && !body.replyTo) {
      throw new HttpError(400, 'empty_message', t('emptyMessage', locale));
    }
    const uploads = body.uploads.map((id) => lookup(session, id, locale));
    const replied = body.replyTo ? lookup(session, body.replyTo.imageId, locale) : undefined;
    const request: Request = {
      id: randomUUID(),
      from: requester(session, locale),
      text,
      images: uploads.map((f) => refOf(f, session.userId)),
      params: {},
      ...(replied && body.replyTo
        ? { replyTo: { messageId: body.replyTo.jobId, images: [refOf(replied, session.userId)] } }
        : {}),
      receivedAt: Date.now(),
    };
    const jobId = submit(session, request, {
      text,
      inputs: uploads.map(wireFile),
      ...(replied ? { replyTo: wireFile(replied) } : {}),
      at: request.receivedAt,
    });
    sendJson(res, 202, { jobId }, cookies);
  }

  async function postAction(
    req: IncomingMessage,
    res: ServerResponse,
    session: BrowserSession,
    cookies: string[],
    jobId: string,
    action: JobActionId,
  ) {
    const raw = await jsonBody(req, requestLocale(req));
    const locale = requestLocale(req, parse(ActionBody, raw, requestLocale(req)).locale);
    const turn = session.turn(jobId);
    // Buttons act on this browser's own turns only: other sessions' job ids are not ours to touch.
    if (!turn) throw new HttpError(410, 'job_gone', t('job_gone', locale));
    const finalImage = turn.view?.state === 'done' ? turn.view.images.find((i) => i.id) : undefined;
    const finalFile = finalImage?.id ? store.get(finalImage.id, session.userId) : undefined;
    const hydrate = (stored: StoredImage): ImageRef => {
      const id = fileIdOf(stored.url);
      const file = id ? store.get(id, session.userId) : undefined;
      if (file) return refOf(file, session.userId);
      return {
        ...stored,
        fetch: () => Promise.reject(new ScanlineError('job_gone')),
      };
    };
    const outcome = await resolveAction({
      pipeline,
      action,
      jobId,
      by: requester(session, locale),
      locale,
      hydrate,
      ...(finalFile ? { replyImage: refOf(finalFile, session.userId) } : {}),
      replyMessageId: jobId,
    });
    switch (outcome.kind) {
      case 'cancelled':
        sendJson(res, 200, { outcome: 'cancelled' }, cookies);
        return;
      case 'delete':
        session.delete(jobId);
        sendJson(res, 200, { outcome: 'deleted' }, cookies);
        return;
      case 'ask_instruction':
        sendJson(
          res,
          200,
          { outcome: 'ask_instruction', ...(finalImage ? { replyTo: { image: finalImage, jobId } } : {}) },
          cookies,
        );
        return;
      case 'refuse':
        throw new HttpError(409, 'refused', outcome.message);
      case 'submit': {
        const known = (ref: ImageRef): WireImage[] => {
          const id = fileIdOf(ref.url);
          const file = id ? store.get(id, session.userId) : undefined;
          return file ? [wireFile(file)] : [];
        };
        const request = outcome.request;
        const replyTo = request.replyTo?.images.flatMap(known)[0];
        const seed = action === 'reroll' ? request.params.seed : undefined;
        const newJob = submit(session, request, {
          // The journal keeps the text as typed; the bubble shows the seed this job draws with.
          text: seed !== undefined ? withSeed(request.text, seed) : request.text,
          inputs: request.images.flatMap(known),
          ...(replyTo ? { replyTo } : {}),
          via: action === 'reroll' ? 'reroll' : 'upscale',
          ...(seed !== undefined ? { seed } : {}),
          at: request.receivedAt,
        });
        sendJson(res, 202, { outcome: 'submitted', jobId: newJob }, cookies);
        return;
      }
    }
  }

  function getEvents(res: ServerResponse, session: BrowserSession, cookies: string[]) {
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      ...(cookies.length > 0 ? { 'Set-Cookie': cookies } : {}),
    });
    res.write('retry: 2000\n\n');
    session.attach(res);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    heartbeats.add(beat);
    res.on('close', () => {
      clearInterval(beat);
      heartbeats.delete(beat);
    });
  }

  function getFile(url: URL, res: ServerResponse, session: BrowserSession, locale: Locale) {
    const id = url.pathname.slice('/files/'.length);
    const file = store.get(id, session.userId);
    if (!file) throw new HttpError(404, 'not_found', t('notFound', locale));
    const { inline } = servedMime(file.data);
    const download = url.searchParams.has('download') || !inline;
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': file.mime,
      'Content-Length': file.data.byteLength,
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=86400, immutable',
    });
    res.end(file.data);
  }

  async function getInfo(req: IncomingMessage, res: ServerResponse, cookies: string[]) {
    const { provider, packs } = await runtime.engine.packs();
    sendJson(
      res,
      200,
      {
        locale: requestLocale(req),
        provider,
        packs: packs
          .filter((p) => p.preferredFor.length > 0)
          .map((p) => ({ name: p.name, version: p.version, origin: p.origin, tasks: p.preferredFor })),
        maxUploadBytes: maxUpload,
        maxUploadsAtOnce: uploadsPerSession,
        maxImages: MAX_IMAGES_PER_MESSAGE,
        maxTextLength: MAX_TEXT_LENGTH,
      },
      cookies,
    );
  }

  function getStatic(req: IncomingMessage, res: ServerResponse, file: StaticFile, cookies: string[]) {
    const headers = {
      ...COMMON_HEADERS,
      'Content-Security-Policy': PAGE_CSP,
      'Cache-Control': file.cacheControl ?? 'no-cache',
      ETag: file.etag,
      ...(cookies.length > 0 ? { 'Set-Cookie': cookies } : {}),
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': file.body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://playground');
    const locale = requestLocale(req);
    const decision = access.check(req, port);
    if (!decision.ok) {
      const key: MessageKey =
        decision.reason === 'token' ? 'unauthorized' : decision.reason === 'host' ? 'wrongHost' : 'crossOrigin';
      throw new HttpError(decision.reason === 'token' ? 401 : 403, 'forbidden', t(key, locale));
    }
    const cookies = decision.setCookie ? [decision.setCookie] : [];
    if (decision.cleanPath !== undefined && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      res.writeHead(303, { ...COMMON_HEADERS, Location: decision.cleanPath, 'Set-Cookie': cookies });
      res.end();
      return;
    }
    const { session, created } = sessions.resolve(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (created) cookies.push(cookieHeader(SESSION_COOKIE, session.id));

    const method = req.method ?? 'GET';
    const path = url.pathname;
    const file = files.get(path);
    if (file && (method === 'GET' || method === 'HEAD')) return getStatic(req, res, file, cookies);
    const font = method === 'GET' || method === 'HEAD' ? fontFile(path) : undefined;
    if (font) return getStatic(req, res, await font, cookies);
    if (method === 'GET' && path === '/api/info') return getInfo(req, res, cookies);
    if (method === 'GET' && path === '/api/events') return getEvents(res, session, cookies);
    if (method === 'GET' && path.startsWith('/files/')) return getFile(url, res, session, locale);
    if (method === 'POST' && path === '/api/uploads') return postUpload(req, res, session, cookies);
    if (method === 'POST' && path === '/api/jobs') return postJob(req, res, session, cookies);
    const action = /^\/api\/jobs\/([\w-]{1,80})\/actions\/(\w+)$/.exec(path);
    if (method === 'POST' && action && ACTIONS.has(action[2] ?? '')) {
      return postAction(req, res, session, cookies, action[1] ?? '', action[2] as JobActionId);
    }
    throw new HttpError(404, 'not_found', t('notFound', locale));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const locale = requestLocale(req);
      let status = 500;
      let body: WireError;
      if (error instanceof HttpError) {
        status = error.status;
        body = { error: { code: error.code, message: error.message } };
      } else if (isScanlineError(error)) {
        status = 400;
        body = { error: { code: error.code, message: error.userMessage(locale) } };
      } else {
        const id = randomUUID().slice(0, 8);
        log.error({ err: error, errorId: id, path: req.url?.split('?')[0] }, 'playground request failed');
        body = { error: { code: 'internal', message: t('internal', locale, { id }) } };
      }
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, status, body, [], error instanceof HttpError ? error.headers : {});
      // The rest of an unread body drains so the client can read the answer.
      req.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${config.playground.host}:${config.playground.port}`;
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ScanlineError('config', {
              detail: `The playground cannot listen on ${where} (${error.code}): set SCANLINE_PLAYGROUND_PORT to a free port, or SCANLINE_PLAYGROUND=off.`,
            })
          : error,
      );
    };
    server.once('error', onError);
    server.listen(config.playground.port, config.playground.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = config.playground.host;
  const urlHost =
    host === '0.0.0.0' || host === '::'
      ? '127.0.0.1'
      : host.includes(':') && !host.startsWith('[')
        ? `[${host}]`
        : host;
  const url = `http://${urlHost}:${port}/`;
  log.info({ url, token: access.requiresToken }, 'playground listening');

  return {
    url,
    async close() {
      for (const beat of heartbeats) clearInterval(beat);
      sessions.closeAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  cookies: string[],
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(cookies.length > 0 ? { 'Set-Cookie': cookies } : {}),
  });
  res.end(text);
}
