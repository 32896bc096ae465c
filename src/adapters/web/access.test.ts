import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Access } from './access.js';

const PORT = 8787;
const TOKEN = 'correct-horse-battery-staple';

function req(parts: { method?: string; url?: string; headers?: Record<string, string> }): IncomingMessage {
  return {
    method: parts.method ?? 'GET',
    url: parts.url ?? '/',
    headers: { host: `127.0.0.1:${PORT}`, ...parts.headers },
  } as unknown as IncomingMessage;
}

describe('Access without a token (loopback only)', () => {
  const access = new Access(undefined);

  it('answers loopback host names only, so a rebinding DNS name gets nothing', () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`]) {
      expect(access.check(req({ headers: { host } }), PORT)).toEqual({ ok: true });
    }
    expect(access.check(req({ headers: { host: `evil.example:${PORT}` } }), PORT)).toEqual({
      ok: false,
      reason: 'host',
    });
    expect(access.check(req({ headers: { host: `127.0.0.1:9999` } }), PORT)).toEqual({ ok: false, reason: 'host' });
  });

  it('refuses writes from another origin and allows them from its own page', () => {
    const post = (origin: string) => req({ method: 'POST', url: '/api/jobs', headers: { origin } });
    expect(access.check(post('http://evil.example'), PORT)).toEqual({ ok: false, reason: 'origin' });
    expect(access.check(post('null'), PORT)).toEqual({ ok: false, reason: 'origin' });
    expect(access.check(post(`http://127.0.0.1:${PORT}`), PORT)).toEqual({ ok: true });
    expect(access.check(req({ headers: { origin: 'http://evil.example' } }), PORT)).toEqual({ ok: true });
  });
});

describe('Access with a token', () => {
  const access = new Access(TOKEN);

  it('wants the token as a bearer header, and accepts any host name then', () => {
    const host = 'scanline.lan:8787';
    expect(access.check(req({ headers: { host } }), PORT)).toEqual({ ok: false, reason: 'token' });
    expect(access.check(req({ headers: { host, authorization: 'Bearer nope' } }), PORT)).toEqual({
      ok: false,
      reason: 'token',
    });
    expect(access.check(req({ headers: { host, authorization: `Bearer ${TOKEN}` } }), PORT)).toEqual({ ok: true });
  });

  it('trades ?token= for an HttpOnly cookie that never holds the token, and drops it from the address', () => {
    const first = access.check(req({ url: `/?lang=zh&token=${TOKEN}` }), PORT);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.cleanPath).toBe('/?lang=zh');
    expect(first.setCookie).toMatch(/^scanline_auth=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(first.setCookie).not.toContain(TOKEN);
    const cookie = (first.setCookie ?? '').split(';')[0] ?? '';
    expect(access.check(req({ url: '/api/info', headers: { cookie } }), PORT)).toEqual({ ok: true });
    expect(access.check(req({ headers: { cookie: 'scanline_auth=forged' } }), PORT)).toEqual({
      ok: false,
      reason: 'token',
    });
    // Another process (a restart) has another key: old cookies stop working.
    expect(new Access(TOKEN).check(req({ headers: { cookie } }), PORT)).toEqual({ ok: false, reason: 'token' });
  });
});
