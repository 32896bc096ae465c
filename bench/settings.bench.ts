// What the per-server settings cost each request: one settings read before a job is queued and one usage
// line when it ends, on the SQLite file and on Redis (a local redis-server, when installed), and how long
// `/scanline usage` takes to sum 30 days. Medians of many calls on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openRedis } from '../src/pipeline/redis/redis-connection.js';
import { RedisSettingsStore } from '../src/pipeline/settings/redis-settings-store.js';
import type { Requester } from '../src/pipeline/types.js';
import type { SettingsStore } from '../src/pipeline/settings/server-settings.js';
import { SqliteSettingsStore } from '../src/pipeline/settings/sqlite-settings-store.js';
import { redisSkipReason, TestRedis } from '../test/helpers/redis-server.js';

const log = pino({ level: 'silent' });
const DAY = 24 * 60 * 60 * 1000;
const CALLS = 2000;
const EVENTS = 20_000;
const from: Requester = { platform: 'discord', userId: 'u1', channelId: 'c1', guildId: 'g1', isDM: false };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const us = (ms: number): string => `${Math.round(ms * 1000)} µs`;

async function measure(store: SettingsStore): Promise<string[]> {
  const reads: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await store.forRequester(from);
    reads.push(performance.now() - t);
  }
  const records: number[] = [];
  const start = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.now();
    store.record({
      platform: 'discord',
      serverId: 'g1',
      userId: `u${i % 200}`,
      task: i % 3 ? 'generate' : 'ocr',
      at: Date.now() - (i % 30) * DAY,
      outcome: i % 10 ? 'done' : 'refused',
      ...(i % 10 ? {} : { reason: 'busy_user' }),
    });
    records.push(performance.now() - t);
  }
  await store.flush();
  const stored = (performance.now() - start) / EVENTS;
  const reports: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await store.usage({ platform: 'discord', serverId: 'g1' });
    reports.push(performance.now() - t);
  }
  return [us(median(reads)), us(median(records)), us(stored), `${median(reports).toFixed(1)} ms`];
}

export async function settingsBench(): Promise<void> {
  console.log(
    `\n## Server settings and usage\n\n${CALLS} settings reads, ${EVENTS} usage lines over 30 days (200 users), 20 usage reports.\n`,
  );
  console.log(
    '| store | settings read p50 | usage line on the caller p50 | usage line until stored (mean) | usage report p50 |',
  );
  console.log('|---|---:|---:|---:|---:|');
  const dir = mkdtempSync(join(tmpdir(), 'scanline-settings-bench-'));
  const sqlite = SqliteSettingsStore.open(join(dir, 'scanline.db'), { log });
  try {
    console.log(`| SQLite (WAL) | ${(await measure(sqlite)).join(' | ')} |`);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const skip = redisSkipReason();
  if (skip) {
    console.log(`| Redis | ${skip} | | | |`);
    return;
  }
  const redis = await TestRedis.start();
  const client = openRedis(redis.url, { name: 'scanline-bench', log });
  try {
    const store = await RedisSettingsStore.open(client, { where: redis.url, log });
    console.log(`| Redis (loopback) | ${(await measure(store)).join(' | ')} |`);
  } finally {
    client.disconnect();
    await redis.stop();
  }
}
