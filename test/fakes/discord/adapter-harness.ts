// Wires the real runtime (engine, scheduler, pipeline) and the real Discord
// adapter to a FakeDiscord, with short pacing so end-to-end tests stay fast.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../../../src/common/config.js';
import { startRuntime, type Runtime } from '../../../src/bots/runtime.js';
import {
  startDiscordAdapter,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from '../../../src/adapters/discord/index.js';
import type { ScanlineMetrics } from '../../../src/pipeline/index.js';
import { FakeDiscord, type RecordedRequest, type StoredMessage } from '../fake-discord.js';

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Test pacing: the same rules as production, ten times faster. */
export const FAST: DiscordAdapterOptions = { minIntervalMs: 50, channelRate: { limit: 5, windowMs: 500 } };

export async function makeConfig(fake: FakeDiscord, dataDir: string): Promise<Config> {
  return loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    SCANLINE_ATTACHMENT_HOSTS: '127.0.0.1',
    SCANLINE_DATA_DIR: dataDir,
    SCANLINE_PLAYGROUND: 'off',
    SCANLINE_THREADS: '2',
  });
}

export interface Harness {
  fake: FakeDiscord;
  runtime: Runtime;
  adapter: DiscordAdapter;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    adapter?: DiscordAdapterOptions;
    beforeRuntime?: (dataDir: string, fake: FakeDiscord) => Promise<void>;
    /** The process's metrics, fed by the runtime and the adapter. */
    metrics?: ScanlineMetrics;
  } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start({ bucket: { limit: 5, windowMs: 500 } });
  const dataDir = await mkdtemp(join(tmpdir(), 'scanline-discord-'));
  await opts.beforeRuntime?.(dataDir, fake);
  const config = await makeConfig(fake, dataDir);
  const runtime = await startRuntime(config, silentLog, {
    journal: 'file',
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  });
  const adapter = await startDiscordAdapter(runtime, config, silentLog, { ...FAST, ...opts.adapter });
  return {
    fake,
    runtime,
    adapter,
    config,
    dataDir,
    async close() {
      await adapter.close();
      await runtime.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Requests that create or change a message (the ones that must carry allowed_mentions). */
export function messageWrites(fake: FakeDiscord): RecordedRequest[] {
  return fake.requests.filter(
    (r) =>
      (r.method === 'POST' || r.method === 'PATCH') &&
      (/^\/channels\/\d+\/messages/.test(r.path) ||
        /^\/webhooks\//.test(r.path) ||
        (/\/callback$/.test(r.path) && [4, 7].includes(Number(r.body.type)))),
  );
}

const hasButton = (m: StoredMessage, prefix: string): boolean =>
  JSON.stringify(m.components).includes(`"custom_id":"${prefix}`);

/** A reply is final once it has content and no Cancel button (done, failed or cancelled). */
export function isFinal(m: StoredMessage | undefined): m is StoredMessage {
  return m !== undefined && m.content.length > 0 && (m.flags & 128) === 0 && !hasButton(m, 'scanline:cancel:');
}

/** The bot's reply to a user's message, once it exists. */
export function waitForReplyTo(fake: FakeDiscord, source: StoredMessage): Promise<StoredMessage> {
  return fake.waitFor(
    () => fake.botMessages(source.channelId).find((m) => m.reference?.messageId === source.id),
    `a reply to message ${source.id}`,
  );
}

export function waitForFinal(fake: FakeDiscord, messageId: string, timeoutMs = 30_000): Promise<StoredMessage> {
  return fake.waitFor(
    () => {
      const m = fake.message(messageId);
      return isFinal(m) ? m : undefined;
    },
    `message ${messageId} to reach a final state`,
    timeoutMs,
  );
}

/** The interaction's response message, once the deferred placeholder exists. */
export function waitForOriginal(fake: FakeDiscord, interactionId: string): Promise<StoredMessage> {
  return fake.waitFor(() => {
    const id = fake.interaction(interactionId)?.originalId;
    return id ? fake.message(id) : undefined;
  }, `the response of interaction ${interactionId}`);
}

/** Edits sent to one message, through the channel route or the interaction webhook. */
export function editsOf(fake: FakeDiscord, messageId: string, token?: string): RecordedRequest[] {
  return fake.requests.filter(
    (r) =>
      r.method === 'PATCH' &&
      (r.path.endsWith(`/messages/${messageId}`) || (token !== undefined && r.path.includes(`/${token}/messages/`))),
  );
}
