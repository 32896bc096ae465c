// A Redis command that someone is waiting for (a button press, an event to acknowledge): it waits
// for a reconnect in progress (a Redis restart takes a moment) but never longer than `timeoutMs`
// in all, and is never sent while the client is not connected, so a command given up on is not
// replayed later by the client's offline queue.
import type { Redis } from 'ioredis';

export class RedisUnavailableError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
    this.code = code;
  }
}

export async function boundedCommand<T>(redis: Redis, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  if (redis.status === 'end') throw new RedisUnavailableError('ENOTCONN', 'the Redis connection is closed');
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RedisUnavailableError('ETIMEDOUT', `Redis did not answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const ready =
    redis.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          onReady = resolve;
          redis.once('ready', resolve);
        });
  try {
    return await Promise.race([ready.then(run), timeout]);
  } finally {
    clearTimeout(timer);
    if (onReady) redis.off('ready', onReady);
  }
}
