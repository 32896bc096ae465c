// The test Redis itself: a real server that keeps what it was told across a restart
// (append-only file), as the scale-out tests and the README's persistence advice assume.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason, TestRedis } from '../helpers/redis-server.js';

const skip = redisSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== undefined)('the test redis-server', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await TestRedis.start();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('answers on loopback and keeps its data across a restart', async () => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: null });
    try {
      await client.connect();
      await client.rpush('scanline:test:list', 'a', 'b');
      await redis.restart();
      // ioredis reconnects by itself once the server is back.
      expect(await client.lrange('scanline:test:list', 0, -1)).toEqual(['a', 'b']);
    } finally {
      client.disconnect();
    }
  });
});
