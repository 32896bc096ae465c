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

describe('.env.example', () => {
  it('documents exactly the settings the schema reads, and passes validation as it is', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const entries = [...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const);
    expect(entries.map(([k]) => k).sort()).toEqual([...SETTING_NAMES].sort());
    expect(() => loadConfig(Object.fromEntries(entries))).not.toThrow();
  });
});
