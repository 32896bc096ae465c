import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fakes/fake-discord.js';
import { FakeSlack } from './fakes/fake-slack.js';
import { waitForReplyTo } from './fakes/discord/adapter-harness.js';
import { appMention, eventCallback } from './fakes/slack/slack-requests.js';
import { freePort, ScanlineProcess } from './helpers/scanline-process.js';

// `npm start` as a user runs it: one process, Discord + Slack (Socket Mode) + the playground,
// all pointed at local fakes through the documented settings only.
const BOT = 'xoxb-start-test-0000';
const APP = 'xapp-start-test-0000';

let discord: FakeDiscord;
let slack: FakeSlack;
let bot: ScanlineProcess;
let dataDir: string;
let port: number;
let opsPort: number;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  slack = await new FakeSlack({ botToken: BOT, appToken: APP, team: 'T0START' }).start();
  dataDir = await mkdtemp(join(tmpdir(), 'scanline-start-'));
  port = await freePort();
  opsPort = await freePort();
  bot = await ScanlineProcess.start({
    HOME: dataDir,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: BOT,
    SLACK_APP_TOKEN: APP,
    SLACK_API_URL: slack.apiUrl,
    SCANLINE_DATA_DIR: dataDir,
    SCANLINE_PLAYGROUND_PORT: String(port),
    SCANLINE_METRICS_PORT: String(opsPort),
    LOG_LEVEL: 'warn',
  });
});

afterAll(async () => {
  await bot?.kill9();
  await discord?.close();
  await slack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scanline start', () => {
  it('connects to Discord and Slack, serves the playground, and says which packs answer', async () => {
    expect(bot.stdout).toMatch(/Discord: connected/);
    expect(bot.stdout).toMatch(/Slack: connected in Socket Mode/);
    expect(bot.stdout).toMatch(/ocr: ppocr-v4/);
    expect(bot.stdout).toMatch(/tiny test pack/);
    expect(discord.gatewayStats.identifies).toBeGreaterThanOrEqual(1);
    expect(slack.socketCount).toBe(1);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
  });

  it('answers a Discord mention and a Slack mention from the same process', async () => {
    const asked = discord.postMessage({ author: discord.alice, content: 'what can you do?', mentionBot: true });
    const reply = await waitForReplyTo(discord, asked);
    expect(reply.content.length).toBeGreaterThan(0);

    const ts = slack.nextTs();
    await slack.sendEnvelope(
      'events_api',
      eventCallback('T0START', appMention({ channel: 'C0START', user: 'U0ALICE', text: '<@U0BOT> help', ts })),
    );
    const deadline = Date.now() + 30_000;
    while (!slack.messages.some((m) => m.thread_ts === ts) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(slack.messages.some((m) => m.thread_ts === ts)).toBe(true);
  });

  it('serves /healthz (every adapter connected) and /metrics on SCANLINE_METRICS_PORT', async () => {
    expect(bot.stdout).toContain(`Ops: http://127.0.0.1:${opsPort}/metrics and http://127.0.0.1:${opsPort}/healthz`);
    const health = await fetch(`http://127.0.0.1:${opsPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      checks: {
        engine: { ok: true },
        discord: { ok: true, detail: 'connected to the gateway' },
        slack: { ok: true, detail: 'Socket Mode connected' },
        playground: { ok: true },
      },
    });
    const metrics = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toMatch(/^scanline_workers 1$/m);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await bot.stop()).toBe(0);
    expect(bot.stdout).toMatch(/Stopping/);
  });
});
