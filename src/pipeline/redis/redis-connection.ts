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
