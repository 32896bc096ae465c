// What bot processes share through Redis when SCANLINE_REDIS_URL is set: the job journal (buttons
// on any replica and after a restart, orphaned jobs told once), repeat detection of deliveries
// (Slack retries), small shared notes (who started a Slack thread), and cancels of jobs another
// process runs.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ScanlineError } from '../../common/errors.js';
import { RedisPubSubCancel, type ClusterCancel } from './cluster-cancel.js';
import { openRedis, redactRedisUrl } from './redis-connection.js';
import { RedisJobJournal } from './redis-job-journal.js';
import { RedisSeenOnce, type SeenOnce } from './seen-once.js';
import { RedisSharedNotes, type SharedNotes } from './shared-notes.js';

export interface ClusterState {
  journal: RedisJobJournal;
  seenOnce: SeenOnce;
  notes: SharedNotes;
  cancels: ClusterCancel;
  /** The journal's last writes, then both connections. */
  close(): Promise<void>;
}

/** Connects (a `redis_unreachable` ScanlineError when Redis does not answer within `connectTimeoutMs`). */
export async function openClusterState(
  url: string,
  log: Logger,
  opts: { connectTimeoutMs?: number } = {},
): Promise<ClusterState> {
  const commands = openRedis(url, { name: 'scanline-bot', log });
  const subscriber = openRedis(url, { name: 'scanline-bot-cancels', log });
  const connect = async (client: Redis) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer in ${opts.connectTimeoutMs ?? 10_000} ms`)),
            opts.connectTimeoutMs ?? 10_000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await connect(commands);
    await connect(subscriber);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new ScanlineError(
      'redis_unreachable',
      { url: redactRedisUrl(url), detail: (error as Error).message },
      { cause: error },
    );
  }
  const journal = await RedisJobJournal.open(commands, { log: log.child({ part: 'journal' }) });
  const cancels = await RedisPubSubCancel.open(commands, subscriber, log.child({ part: 'cluster-cancel' }));
  log.info(
    { redis: redactRedisUrl(url), instance: journal.instance },
    'job journal and repeat detection shared through Redis',
  );
  return {
    journal,
    seenOnce: new RedisSeenOnce(commands, log.child({ part: 'seen-once' })),
    notes: new RedisSharedNotes(commands, log.child({ part: 'shared-notes' })),
    cancels,
    async close() {
      await journal.close();
      await cancels.close();
      commands.disconnect();
    },
  };
}
