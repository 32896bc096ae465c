import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fakes/fake-discord.js';
import { FakeSlack } from './fakes/fake-slack.js';
import { waitForReplyTo } from './fakes/discord/adapter-harness.js';
import { appMention, eventCallback } from './fakes/slack/slack-requests.js';

// `npm start` as a user runs it: one process, Discord + Slack (Socket Mode) + the playground,
// all pointed at local fakes through the documented settings only.
const BIN = fileURLToPath(new URL('../bin/scanline.js', import.meta.url));
const BOT = 'xoxb-start-test-0000';
const APP = 'xapp-start-test-0000';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let discord: FakeDiscord;
let slack: FakeSlack;
let child: ChildProcess;
let dataDir: string;
let stdout = '';
let port: number;

function waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${stdout}`)), timeoutMs);
    const check = () => {
      const m = stdout.match(pattern);
      if (!m) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve(m);
    };
    child.stdout?.on('data', check);
    check();
  });
}

beforeAll(async () => {
  discord = await FakeDiscord.start();
  slack = await new FakeSlack({ botToken: BOT, appToken: APP, team: 'T0START' }).start();
  dataDir = await mkdtemp(join(tmpdir(), 'scanline-start-'));
  port = await freePort();
  child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      PATH: process.env.PATH,
      HOME: dataDir,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_API_URL: slack.apiUrl,
      SCANLINE_DATA_DIR: dataDir,
      SCANLINE_PLAYGROUND_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  await waitForOutput(/Playground: http/);
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await discord?.close();
  await slack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('scanline start', () => {
  it('connects to Discord and Slack, serves the playground, and says which packs answer', async () => {
    expect(stdout).toMatch(/Discord: connected/);
    expect(stdout).toMatch(/Slack: connected in Socket Mode/);
    expect(stdout).toMatch(/ocr: ppocr-v4/);
    expect(stdout).toMatch(/tiny test pack/);
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

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/Stopping/);
  });
});
