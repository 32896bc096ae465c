import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AUTH_COOKIE, cookieHeader, parseCookies } from './cookies.js';

/** Host names that only this machine can reach. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export type AccessDecision =
  | { ok: true; setCookie?: string; /** The path without `?token=`, to redirect a page load to. */ cleanPath?: string }
  | { ok: false; reason: 'host' | 'origin' | 'token' };

function sameSecret(a: string, b: string): boolean {
  // Digests make the lengths equal, so the comparison time says nothing about the secret.
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * Who may use the playground. Without a token it is bound to loopback: then
 * the Host header must name loopback (no DNS rebinding) and state-changing
 * requests must come from our own origin (no cross-site posts). With a token,
 * every request carries it as a bearer header, or as a cookie set once by
 * opening the page with `?token=`.
 */
export class Access {
  private readonly token: string | undefined;
  private readonly cookieValue: string | undefined;

  constructor(token: string | undefined) {
    this.token = token;
    // The cookie holds a keyed digest valid for this process only, never the token itself.
    this.cookieValue = token
      ? createHmac('sha256', randomBytes(32)).update(`playground:${token}`).digest('base64url')
      : undefined;
  }

  get requiresToken(): boolean {
    return this.token !== undefined;
  }

  check(req: IncomingMessage, port: number): AccessDecision {
    const host = req.headers.host ?? '';
    if (!this.token && !LOOPBACK_NAMES.some((name) => host === `${name}:${port}`)) return { ok: false, reason: 'host' };
    if (!this.sameOrigin(req)) return { ok: false, reason: 'origin' };
    if (!this.token || !this.cookieValue) return { ok: true };

    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), this.token)) return { ok: true };
    const cookie = parseCookies(req.headers.cookie).get(AUTH_COOKIE);
    if (cookie && sameSecret(cookie, this.cookieValue)) return { ok: true };
    const url = new URL(req.url ?? '/', 'http://playground');
    const given = url.searchParams.get('token');
    if (given !== null && sameSecret(given, this.token)) {
      url.searchParams.delete('token');
      return {
        ok: true,
        setCookie: cookieHeader(AUTH_COOKIE, this.cookieValue),
        cleanPath: `${url.pathname}${url.search}`,
      };
    }
    return { ok: false, reason: 'token' };
  }

  /** Reads are harmless; a write with an Origin header must come from the page this server served. */
  private sameOrigin(req: IncomingMessage): boolean {
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
}
