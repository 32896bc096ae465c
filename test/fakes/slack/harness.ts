// Wires the real Bolt adapter to a FakeSlack on 127.0.0.1 with test-only short intervals.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/adapters/slack/index.js';
import { loadConfig, type Config } from '../../../src/common/config.js';
import type { AdapterRuntime } from '../../../src/adapters/adapter-runtime.js';
import { FakeSlack, type FakeSlackOptions } from '../fake-slack.js';

export const BOT_TOKEN = 'xoxb-test-bot-token-0000';
export const APP_TOKEN = 'xapp-test-app-token-0000';
export const SIGNING_SECRET = 'test-signing-secret';
export const TEAM = 'T0TEST';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const CHANNEL = 'C0GENERAL';
export const DM = 'D0ALICE';

export const silent = pino({ level: 'silent' });

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    SCANLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'scanline-slack-')),
    SCANLINE_PLAYGROUND: 'off',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export interface SlackHarness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  /** HTTP mode: the app's events endpoint. */
  eventsUrl: string;
  /** Stops the adapter and starts a new one on the same fake Slack and runtime (a bot restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  runtime: AdapterRuntime,
  mode: 'http' | 'socket',
  fakeOptions: { fileProcessingMs?: number; users?: FakeSlackOptions['users'] } = {},
  adapterOptions: Pick<SlackAdapterOptions, 'httpLimits' | 'timings'> = {},
): Promise<SlackHarness> {
  const fake = await new FakeSlack({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    team: TEAM,
    ...fakeOptions,
    users: {
      [ALICE]: { name: 'alice', locale: 'en-US' },
      [BOB]: { name: 'bob', locale: 'zh-CN' },
      ...fakeOptions.users,
    },
  }).start();
  const config = testConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    SCANLINE_ATTACHMENT_HOSTS: fake.host,
    ...(mode === 'http' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : { SLACK_APP_TOKEN: APP_TOKEN }),
  });
  const start = () =>
    startSlackAdapter(runtime, config, silent, {
      listen: { port: 0, host: '127.0.0.1' },
      timings: { minIntervalMs: 30, invalidBlocksRetryMs: 30 },
      updatesPerMinute: 6000,
      updateBurst: 20,
      ...adapterOptions,
    });
  const eventsUrl = (a: SlackAdapter) => `http://127.0.0.1:${a.port ?? 0}/slack/events`;
  const adapter = await start();
  const harness: SlackHarness = {
    fake,
    adapter,
    eventsUrl: eventsUrl(adapter),
    async restart() {
      await harness.adapter.close();
      harness.adapter = await start();
      harness.eventsUrl = eventsUrl(harness.adapter);
    },
    async close() {
      await harness.adapter.close();
      await fake.close();
    },
  };
  return harness;
}

/** Polls until `check` returns a value (not undefined/false); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** All the text of a message's blocks, joined. */
export function blockText(blocks: Record<string, unknown>[] | undefined): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
    }
  };
  walk(blocks);
  return parts.join('\n');
}
