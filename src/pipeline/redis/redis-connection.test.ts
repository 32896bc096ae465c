import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason, TestRedis } from '../../../test/helpers/redis-server.js';
import { openRedis, redactRedisUrl, subscribeAlways } from './redis-connection.js';

describe('redactRedisUrl', () => {
  it('hides the password and user, keeps host, port and database', () => {
    expect(redactRedisUrl('redis://:hunter2@cache.example:6380/3')).toBe('redis://***@cache.example:6380/3');
    expect(redactRedisUrl('rediss://bot:hunter2@cache.example:6380')).not.toContain('hunter2');
    expect(redactRedisUrl('rediss://bot:hunter2@cache.example:6380')).not.toContain('bot');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes an unparseable URL', () => {
    expect(redactRedisUrl('redis://:pw@[bad')).toBe('redis://(unparseable url)');
  });
});

/**
 * A TCP relay in front of a real redis-server that can cut every connection, and cut the next one that
 * sends SUBSCRIBE before Redis sees it: a connection dropped after it was ready, before the reply.
 */
class FlakyRelay {
  readonly sockets = new Set<Socket>();
  dropNextSubscribe = false;
  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: number): Promise<FlakyRelay> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const relay = new FlakyRelay(server, typeof address === 'object' && address ? address.port : 0);
    server.on('connection', (client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        relay.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          relay.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      upstream.pipe(client);
      client.on('data', (chunk: Buffer) => {
        if (relay.dropNextSubscribe && /subscribe/i.test(chunk.toString('latin1'))) {
          relay.dropNextSubscribe = false;
          client.destroy();
          return;
        }
        upstream.write(chunk);
      });
    });
    return relay;
  }

  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  close(): Promise<void> {
    this.cutAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const skip = redisSkipReason();
const silent = pino({ level: 'silent' });

describe.skipIf(skip !== undefined)('subscribeAlways', () => {
  let server: TestRedis;
  let publisher: Redis;
  const clients: Redis[] = [];
  const relays: FlakyRelay[] = [];

  beforeAll(async () => {
    server = await TestRedis.start();
    publisher = new Redis(server.url);
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const r of relays) await r.close();
    publisher?.disconnect();
    await server?.stop();
  });

  it('is listening once subscribed, not while its connection is down, and again once it is back; the channel is heard', async () => {
    const relay = await FlakyRelay.start(Number(new URL(server.url).port));
    relays.push(relay);
    const client = openRedis(`redis://127.0.0.1:${relay.port}`, { name: 'scanline-test', log: silent });
    clients.push(client);
    await client.connect();
    const heard: string[] = [];
    client.on('message', (_channel: string, message: string) => heard.push(message));
    const subscription = await subscribeAlways(client, ['always'], silent);
    expect(subscription.listening).toBe(true);
    expect(await publisher.publish('always', 'before')).toBe(1);

    // Cut, and cut again the first SUBSCRIBE after the reconnect (dropped after ready, before its reply).
    relay.dropNextSubscribe = true;
    relay.cutAll();
    await new Promise((r) => client.once('close', r));
    expect(subscription.listening).toBe(false);
    expect(await subscription.whenListening(20_000)).toBe(true);
    expect(relay.dropNextSubscribe).toBe(false);
    expect(await publisher.publish('always', 'after')).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toContain('after');
  });

  it('whenListening gives up after its time while the connection stays down', async () => {
    const relay = await FlakyRelay.start(Number(new URL(server.url).port));
    relays.push(relay);
    const client = openRedis(`redis://127.0.0.1:${relay.port}`, { name: 'scanline-test', log: silent });
    clients.push(client);
    await client.connect();
    const subscription = await subscribeAlways(client, ['down'], silent);
    await relay.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(subscription.listening).toBe(false);
    expect(await subscription.whenListening(300)).toBe(false);
  });
});
