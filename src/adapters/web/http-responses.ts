// How the playground answers over HTTP: the headers every answer carries, JSON, the page's own files, errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isScanlineError } from '../../common/errors.js';
import { reportInternal, type Locale } from '../../pipeline/index.js';
import type { StaticFile } from './static-files.js';
import type { WireError } from './wire.js';

/** The page runs only its own scripts and styles, talks only to this server, and is never framed. */
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

export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A refusal with its HTTP status, wire code and sentence (already in the request's language). */
export class HttpError extends Error {
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

/** A JSON answer of the API, before cookies are added. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

export function sendJson(
  res: ServerResponse,
  answer: JsonAnswer,
  cookies: string[],
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...COMMON_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(cookies.length > 0 ? { 'Set-Cookie': cookies } : {}),
  });
  res.end(text);
}

/** One of the page's files (or a font slice), revalidated by its ETag. */
export function sendStatic(req: IncomingMessage, res: ServerResponse, file: StaticFile, cookies: string[]): void {
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

/**
 * What a failed request is answered: a refusal as it was made, a ScanlineError as 400 with its sentence,
 * anything else as the `internal` sentence whose error id is in the log (the same guard as the chat core's).
 */
export function errorAnswer(
  error: unknown,
  locale: Locale,
  log: Logger,
  path: string | undefined,
): JsonAnswer & { body: WireError; headers: Record<string, string> } {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      headers: error.headers,
    };
  }
  if (isScanlineError(error)) {
    return { status: 400, body: { error: { code: error.code, message: error.userMessage(locale) } }, headers: {} };
  }
  const { sentence } = reportInternal(log, error, { event: 'playground request', path }, locale);
  return { status: 500, body: { error: { code: 'internal', message: sentence } }, headers: {} };
}
