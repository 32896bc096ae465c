import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText } from './logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

describe('logger', () => {
  it('masks configured secrets and token shapes in messages and fields', () => {
    const out = capture();
    const secret = 'super-secret-signing-value';
    const log = createLogger({ level: 'info', secrets: [secret, undefined] }, out.stream);
    log.info(
      { headers: { authorization: 'Bearer abcdefghijk' }, note: `sig=${secret}` },
      'token xoxb-1234567890-abcdefgh used',
    );
    log.warn({ err: new Error(`failed with ${secret}`) }, 'oops');
    const text = out.lines().join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('xoxb-1234567890');
    expect(text).not.toContain('abcdefghijk');
    expect(text).toContain('[redacted]');
    expect(JSON.parse(out.lines()[0] ?? '{}').msg).toBe('token [redacted] used');
  });

  it('masks Discord-shaped tokens and keys named like secrets', () => {
    const token = 'MTA5ODc2NTQzMjEwOTg3NjU0.GabcDE.abcdefghijklmnopqrstuvwxyz0123456';
    expect(scrubText(`login with ${token}`, [])).toBe('login with [redacted]');
    const out = capture();
    createLogger({ level: 'info', secrets: [] }, out.stream).info({ slackAppToken: 'plain' }, 'x');
    expect(out.lines()[0]).toContain('"slackAppToken":"[redacted]"');
  });
});
