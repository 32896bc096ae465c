// The playground's HTTP transport and its security: who may ask, which browser asks, and the routing table.
// What a message or a button press does is the adapter's (JobRoutes); everything else is answered here.
import { t, type MessageKey } from '../../common/messages.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ScanlineError } from '../../common/errors.js';
import type { JobActionId, Locale } from '../../pipeline/index.js';
import { Access } from './access.js';
import { ActionBody, JobBody, parseBody, readJson, type JobPost } from './api-requests.js';
import type { BrowserSession, SessionRegistry } from './browser-sessions.js';
import { SESSION_COOKIE, cookieHeader, parseCookies } from './cookies.js';
import { COMMON_HEADERS, HttpError, errorAnswer, sendJson, sendStatic, type JsonAnswer } from './http-responses.js';
import { servedMime, type ImageStore } from './image-store.js';
import { requestLocale } from './request-locale.js';
import { loadStaticFiles } from './static-files.js';
import type { UploadAdmission } from './upload-admission.js';
import { fontFile } from './web-font.js';
import { wireFile } from './wire.js';

const HEARTBEAT_MS = 20_000;

const ACTIONS: ReadonlySet<string> = new Set<JobActionId>(['cancel', 'reroll', 'edit', 'upscale', 'delete']);

/** What a message or a button press comes to: the adapter's answer on the job API. */
export interface JobRoutes {
  post(session: BrowserSession, body: JobPost, locale: Locale): Promise<JsonAnswer>;
  press(session: BrowserSession, jobId: string, action: JobActionId, locale: Locale): Promise<JsonAnswer>;
}

export interface HttpServerOptions {
  host: string;
  /** 0 lets the system pick a free port. */
  port: number;
  token?: string;
  sessions: SessionRegistry;
  store: ImageStore;
  uploads: UploadAdmission;
  jobs: JobRoutes;
  /** GET /api/info: what the page shows about this server and its limits. */
  info(locale: Locale): Promise<unknown>;
  log: Logger;
}

export interface HttpServer {
  /** Where the page is, without any token. */
  url: string;
  close(): Promise<void>;
  /** Whether it still listens (for /healthz). */
  health(): { ok: boolean; detail: string };
}

/** Listens, and answers every request with the routing table below; refused before anything when access fails. */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const { sessions, store, log } = opts;
  const access = new Access(opts.token);
  const files = await loadStaticFiles();
  const heartbeats = new Set<NodeJS.Timeout>();
  let port = opts.port;

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

  async function postJob(req: IncomingMessage, session: BrowserSession): Promise<JsonAnswer> {
    const raw = await readJson(req, requestLocale(req));
    const locale = requestLocale(req, (raw as { locale?: unknown } | undefined)?.locale);
    return opts.jobs.post(session, parseBody(JobBody, raw, locale), locale);
  }

  async function postAction(req: IncomingMessage, session: BrowserSession, jobId: string, action: JobActionId) {
    const raw = await readJson(req, requestLocale(req));
    const locale = requestLocale(req, parseBody(ActionBody, raw, requestLocale(req)).locale);
    return opts.jobs.press(session, jobId, action, locale);
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
    const json = async (answer: Promise<JsonAnswer> | JsonAnswer) => sendJson(res, await answer, cookies);
    const file = files.get(path);
    if (file && (method === 'GET' || method === 'HEAD')) return sendStatic(req, res, file, cookies);
    const font = method === 'GET' || method === 'HEAD' ? fontFile(path) : undefined;
    if (font) return sendStatic(req, res, await font, cookies);
    if (method === 'GET' && path === '/api/info') return json({ status: 200, body: await opts.info(locale) });
    if (method === 'GET' && path === '/api/events') return getEvents(res, session, cookies);
    if (method === 'GET' && path.startsWith('/files/')) return getFile(url, res, session, locale);
    if (method === 'POST' && path === '/api/uploads') {
      const stored = await opts.uploads.admit(req, session.userId, locale);
      return json({ status: 201, body: { image: wireFile(stored) } });
    }
    if (method === 'POST' && path === '/api/jobs') return json(postJob(req, session));
    const action = /^\/api\/jobs\/([\w-]{1,80})\/actions\/(\w+)$/.exec(path);
    if (method === 'POST' && action && ACTIONS.has(action[2] ?? '')) {
      return json(postAction(req, session, action[1] ?? '', action[2] as JobActionId));
    }
    throw new HttpError(404, 'not_found', t('notFound', locale));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const answer = errorAnswer(error, requestLocale(req), log, req.url?.split('?')[0]);
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, answer, [], answer.headers);
      // The rest of an unread body drains so the client can read the answer.
      req.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${opts.host}:${opts.port}`;
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ScanlineError('config', {
              detail: `The playground cannot listen on ${where} (${error.code}): set SCANLINE_PLAYGROUND_PORT to a free port, or SCANLINE_PLAYGROUND=off.`,
            })
          : error,
      );
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = opts.host;
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
    health() {
      return server.listening ? { ok: true, detail: `listening on ${url}` } : { ok: false, detail: 'not listening' };
    },
  };
}
