import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('has working defaults with no settings: playground only, CPU, loopback', () => {
    const c = loadConfig({});
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.playground).toEqual({ enabled: true, host: '127.0.0.1', port: 8787, token: undefined });
    expect(c.engine.device).toBe('cpu');
    expect(c.attachments.maxBytes).toBe(25 * 1024 * 1024);
  });

  it('reports every problem, one line each, naming the setting', () => {
    const problems = problemsOf({
      SCANLINE_THREADS: 'two',
      DISCORD_API_URL: 'ftp://example',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SCANLINE_PLAYGROUND_HOST: '0.0.0.0',
    });
    expect(problems).toHaveLength(4);
    expect(problems.some((p) => p.startsWith('SCANLINE_THREADS:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DISCORD_API_URL:'))).toBe(true);
    expect(problems.some((p) => p.includes('SLACK_SIGNING_SECRET'))).toBe(true);
    expect(problems.some((p) => p.includes('SCANLINE_PLAYGROUND_TOKEN'))).toBe(true);
    for (const p of problems) expect(p).not.toContain('\n');
  });

  it('never echoes a secret value in a problem', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-very-secret-value', SLACK_SIGNING_SECRET: 's' });
    expect(problems.join(' ')).not.toContain('very-secret');
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN: must start with xoxb-/);
  });

  it('picks Slack Socket Mode when an app token is set, HTTP mode otherwise', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' }).slack?.mode).toBe('http');
  });

  it('parses host lists and switches', () => {
    const c = loadConfig({ SCANLINE_ATTACHMENT_HOSTS: '127.0.0.1, cdn.example.com:8443', SCANLINE_PLAYGROUND: 'off' });
    expect(c.attachments.extraHosts).toEqual(['127.0.0.1', 'cdn.example.com:8443']);
    expect(c.playground.enabled).toBe(false);
  });
});

describe('SCANLINE_REDIS_URL', () => {
  it('is off by default and takes redis:// or rediss:// URLs', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ SCANLINE_REDIS_URL: 'redis://127.0.0.1:6379/2' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379/2',
    });
    expect(loadConfig({ SCANLINE_REDIS_URL: 'rediss://:pw@cache.example:6380' }).redis?.url).toMatch(/^rediss:/);
  });

  it('refuses other URLs without echoing the password', () => {
    const problems = problemsOf({ SCANLINE_REDIS_URL: 'http://:hunter2-secret@cache:6379' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SCANLINE_REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(problems[0]).not.toContain('hunter2');
  });
});

describe('the ops server settings (SCANLINE_METRICS_*)', () => {
  const token = 'a-long-enough-ops-token';

  it('is off by default, and on loopback without a token when only the port is set', () => {
    expect(loadConfig({}).ops).toBeUndefined();
    expect(loadConfig({ SCANLINE_METRICS_HOST: '127.0.0.1' }).ops).toBeUndefined();
    expect(loadConfig({ SCANLINE_METRICS_PORT: '9464' }).ops).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ SCANLINE_METRICS_PORT: '9464', SCANLINE_METRICS_HOST: '::1' }).ops?.host).toBe('::1');
  });

  it('binds off loopback only with a token', () => {
    expect(problemsOf({ SCANLINE_METRICS_PORT: '9464', SCANLINE_METRICS_HOST: '0.0.0.0' })).toEqual([
      'SCANLINE_METRICS_HOST is 0.0.0.0, not loopback: set SCANLINE_METRICS_TOKEN (sent by Prometheus as a bearer token) so strangers cannot read /metrics and /healthz.',
    ]);
    expect(
      loadConfig({ SCANLINE_METRICS_PORT: '9464', SCANLINE_METRICS_HOST: '0.0.0.0', SCANLINE_METRICS_TOKEN: token })
        .ops,
    ).toEqual({ host: '0.0.0.0', port: 9464, token });
  });

  it('names each mistake: a bad port, a short token, a token or public host without a port, a port in use', () => {
    expect(problemsOf({ SCANLINE_METRICS_PORT: 'metrics' })).toEqual(['SCANLINE_METRICS_PORT: must be a port number']);
    expect(problemsOf({ SCANLINE_METRICS_PORT: '70000' })[0]).toMatch(/^SCANLINE_METRICS_PORT: /);
    const short = problemsOf({ SCANLINE_METRICS_PORT: '9464', SCANLINE_METRICS_TOKEN: 'short-secret' });
    expect(short).toEqual(['SCANLINE_METRICS_TOKEN: must be at least 16 characters']);
    expect(short.join(' ')).not.toContain('short-secret');
    expect(problemsOf({ SCANLINE_METRICS_TOKEN: token, SCANLINE_METRICS_HOST: '0.0.0.0' })).toEqual([
      'SCANLINE_METRICS_HOST and SCANLINE_METRICS_TOKEN are set but SCANLINE_METRICS_PORT is not, so /metrics and /healthz are off: set the port (e.g. 9464).',
    ]);
    expect(problemsOf({ SCANLINE_METRICS_PORT: '8787' })).toEqual([
      "SCANLINE_METRICS_PORT is 8787, the playground's port (SCANLINE_PLAYGROUND_PORT): pick another.",
    ]);
    expect(problemsOf({ SCANLINE_METRICS_PORT: '8787', SCANLINE_PLAYGROUND: 'off' })).toEqual([]);
    expect(problemsOf({ SCANLINE_METRICS_PORT: '3000', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x' })).toEqual(
      ['SCANLINE_METRICS_PORT is 3000, the Slack events port (SLACK_PORT): pick another.'],
    );
  });
});

describe('.env.example', () => {
  it('documents exactly the settings the schema reads, and passes validation as it is', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const entries = [...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
    expect(entries.map(([k]) => k).sort()).toEqual([...SETTING_NAMES].sort());
    expect(() => loadConfig(Object.fromEntries(entries))).not.toThrow();
  });
});
