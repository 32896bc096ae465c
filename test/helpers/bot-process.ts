// `scanline start` against a FakeDiscord plus the playground, on a data folder that outlives each process.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { parseJournalLines, type JobRecord } from '../../src/pipeline/job-journal.js';
import type { FakeDiscord, StoredMessage } from '../fakes/fake-discord.js';
import { waitForFinal, waitForOriginal, waitForReplyTo } from '../fakes/discord/adapter-harness.js';
import { ScanlineProcess } from './scanline-process.js';

export function botEnv(fake: FakeDiscord, dataDir: string, port: number, extra: Record<string, string> = {}) {
  return {
    HOME: dataDir,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    SCANLINE_ATTACHMENT_HOSTS: '127.0.0.1',
    SCANLINE_DATA_DIR: dataDir,
    SCANLINE_PLAYGROUND: 'on',
    SCANLINE_PLAYGROUND_PORT: String(port),
    SCANLINE_CONCURRENCY: '1',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export async function startBot(env: Record<string, string>): Promise<ScanlineProcess> {
  return ScanlineProcess.start(env, /Playground: http/);
}

/**
 * A `scanline worker` on the same Redis as the bots (with SCANLINE_REDIS_URL a bot only enqueues:
 * every test of a Redis-backed bot needs at least one). `env` is the bot's: the worker takes its
 * Redis, HOME and models folder, and nothing of the platforms.
 */
export async function startWorker(env: Record<string, string>): Promise<ScanlineProcess> {
  const { SCANLINE_REDIS_URL, HOME, SCANLINE_MODELS_DIR } = env;
  if (!SCANLINE_REDIS_URL) throw new Error('startWorker needs SCANLINE_REDIS_URL in env');
  return ScanlineProcess.start(
    {
      SCANLINE_REDIS_URL,
      ...(HOME ? { HOME } : {}),
      ...(SCANLINE_MODELS_DIR ? { SCANLINE_MODELS_DIR } : {}),
      SCANLINE_PLAYGROUND: 'off',
      LOG_LEVEL: 'info',
    },
    /Worker .* taking up to/,
    ['worker'],
  );
}

/** The newest record per job in jobs.jsonl, as a restart would read it. */
export async function journalOnDisk(dataDir: string): Promise<Map<string, JobRecord>> {
  const records = new Map<string, JobRecord>();
  let text = '';
  try {
    text = await readFile(join(dataDir, 'jobs.jsonl'), 'utf8');
  } catch {
    return records;
  }
  for (const record of parseJournalLines(text)) records.set(record.id, record);
  return records;
}

/** Asks the bot in the fake channel and waits for the final reply. */
export async function askAndWait(fake: FakeDiscord, content: string): Promise<StoredMessage> {
  const asked = fake.postMessage({ author: fake.alice, content, mentionBot: true });
  const reply = await waitForReplyTo(fake, asked);
  return waitForFinal(fake, reply.id, 60_000);
}

export const rerollId = (m: StoredMessage): string | undefined =>
  /"custom_id":"(scanline:reroll:[^"]+)"/.exec(JSON.stringify(m.components))?.[1];

/** Presses Reroll on a finished reply and waits for the new job's final message. */
export async function pressReroll(fake: FakeDiscord, final: StoredMessage): Promise<StoredMessage> {
  const id = rerollId(final);
  if (!id) throw new Error('the reply has no Reroll button');
  const pressed = fake.pressButton(final, id, { user: fake.alice });
  const original = await waitForOriginal(fake, pressed.id);
  return waitForFinal(fake, original.id, 60_000);
}

/** A photo-sized JPEG whose three-step edit keeps the worker busy for seconds. */
export async function heavyJpeg(side = 2400): Promise<Uint8Array> {
  const data = await sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 70 })
    .toBuffer();
  return new Uint8Array(data);
}

export const HEAVY_EDIT = 'make it a pencil sketch, then an oil painting, then a watercolor';

/** Polls an async check until it gives a value. */
export async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
