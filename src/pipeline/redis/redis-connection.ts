// One way to open Redis for every part that uses it (the BullMQ scheduler, the shared
// journal, settings, Slack retry dedupe): ioredis with the options BullMQ requires,
// reconnects that back off to 2 s forever, and one log line per outage instead of one per
// failed retry. The URL's password never reaches a log line.

import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** The URL with any password (and user) replaced, for logs and replies. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password || u.username) {
      u.username = '';
      u.password = u.password ? '***' : '';
      return u.toString().replace('//:***@', '//***@');
    }
    return u.toString();
  } catch {
    return 'redis://(unparseable url)';
  }
}

export interface RedisOpenOptions {
  /** Shown in Redis's CLIENT LIST and in log lines (e.g. 'scanline-bot', 'scanline-worker'). */
  name: string;
  log: Logger;
}

/**
 * A connected-on-demand client. `maxRetriesPerRequest: null` (BullMQ's requirement for
 * blocking connections) makes commands wait through an outage instead of failing, so
 * callers that must answer a user now should race them against their own timeout.
 */
export function openRedis(url: string, opts: RedisOpenOptions): Redis {
  const client = new Redis(url, {
    connectionName: opts.name,
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  const where = redactRedisUrl(url);
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    opts.log.warn({ redis: where, client: opts.name, err: error.message }, 'Redis is unreachable; retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    opts.log.info({ redis: where, client: opts.name }, 'Redis is reachable again');
  });
  return client;
}

/** A subscription kept across reconnects (`subscribeAlways`). */
export interface Subscription {
  /** True while the channels are subscribed on a live connection. */
  readonly listening: boolean;
  /** Resolves true once listening (at once when it is), false when `ms` pass first. */
  whenListening(ms: number): Promise<boolean>;
}

/**
 * Subscribes `client` to `channels` now and again each time it is ready after a reconnect, and says
 * whether it is listening. ioredis resubscribes by itself too, but does not tell when: a process that
 * asks others over pub/sub and waits for their answer must not ask while it cannot hear (the answer
 * would be lost, and the others would have acted on the request all the same). Subscribing twice is
 * harmless: Redis keeps one subscription per channel and connection.
 */
export async function subscribeAlways(client: Redis, channels: string[], log: Logger): Promise<Subscription> {
  let listening = false;
  const waiters = new Set<() => void>();
  const subscribed = () => {
    listening = true;
    for (const wake of waiters) wake();
    waiters.clear();
  };
  client.on('close', () => (listening = false));
  client.on('ready', () => {
    client.subscribe(...channels).then(subscribed, (error: unknown) => {
      log.debug(
        { err: (error as Error).message, channels },
        'subscribe after a reconnect failed; the next one retries',
      );
    });
  });
  await client.subscribe(...channels);
  subscribed();
  return {
    get listening() {
      return listening;
    },
    whenListening(ms: number): Promise<boolean> {
      if (listening) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          resolve(false);
        }, ms);
        waiters.add(wake);
      });
    },
  };
}
