// Which store a bot process opens: scanline.db in the data folder, or Redis (shared by every bot process).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../common/config.js';
import { defaultServerSettings } from '../pipeline/settings/server-settings.js';
import { redisSkipReason, TestRedis } from '../../test/helpers/redis-server.js';
import { openSettings } from './settings-store.js';

const log = pino({ level: 'silent' });
const guild = { platform: 'discord' as const, serverId: '42' };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scanline-bot-settings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bot settings store', () => {
  it('is scanline.db in SCANLINE_DATA_DIR without SCANLINE_REDIS_URL', async () => {
    const config = loadConfig({ SCANLINE_DATA_DIR: dir });
    const opened = await openSettings(config, log);
    try {
      expect(opened.store.where).toBe(join(dir, 'scanline.db'));
      expect(existsSync(join(dir, 'scanline.db'))).toBe(true);
      await opened.store.put(guild, { ...defaultServerSettings(), disabledTasks: ['ocr'] }, 'admin');
    } finally {
      await opened.close();
    }
    const again = await openSettings(config, log);
    expect((await again.store.get(guild)).disabledTasks).toEqual(['ocr']);
    await again.close();
  });

  const skip = redisSkipReason();
  describe.skipIf(skip !== undefined)('with SCANLINE_REDIS_URL', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await TestRedis.start();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('is Redis, shared by two bot processes, and names it without secrets', async () => {
      const config = loadConfig({ SCANLINE_DATA_DIR: join(dir, 'unused'), SCANLINE_REDIS_URL: redis.url });
      const [one, two] = [await openSettings(config, log), await openSettings(config, log)];
      try {
        expect(one.store.where).toBe(`redis://127.0.0.1:${redis.port}`);
        await one.store.put(guild, { ...defaultServerSettings(), perUserCap: 1 }, 'admin');
        expect((await two.store.get(guild)).perUserCap).toBe(1);
        one.store.record({ ...guild, userId: 'u', task: 'generate', at: Date.now(), outcome: 'done' });
        await one.store.flush();
        expect((await two.store.usage(guild)).jobs).toBe(1);
        expect(existsSync(join(dir, 'unused', 'scanline.db'))).toBe(false);
      } finally {
        await one.close();
        await two.close();
      }
    });
  });
});
