import { describe, expect, it } from 'vitest';
import { redactRedisUrl } from './redis-connection.js';

describe('redactRedisUrl', () => {
  it('hides the password and user, keeps host, port and database', () => {
    expect(redactRedisUrl('redis://:hunter2@cache.example:6380/3')).toBe('redis://***@cache.example:6380/3');
    expect(redactRedisUrl('rediss://bot:hunter2@cache.example:6380')).not.toContain('hunter2');
    expect(redactRedisUrl('rediss://bot:hunter2@cache.example:6380')).not.toContain('bot');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes an unparseable URL', () => {
    expect(redactRedisUrl('redis://:pw@[bad')).toBe('redis://(unparseable url)');
  });
});
