// The process's settings and usage store: Redis when SCANLINE_REDIS_URL is set (every bot process shares
// it), else scanline.db in SCANLINE_DATA_DIR; old usage is pruned at start and every few hours.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../common/config.js';
import { ScanlineError } from '../common/errors.js';
import { openRedis, redactRedisUrl } from '../pipeline/redis/redis-connection.js';
import { RedisSettingsStore } from '../pipeline/settings/redis-settings-store.js';
import type { SettingsStore } from '../pipeline/settings/server-settings.js';
import { SqliteSettingsStore } from '../pipeline/settings/sqlite-settings-store.js';

/** How often old usage is pruned while the bot runs (also once at start). */
const PRUNE_EVERY_MS = 6 * 60 * 60 * 1000;

export interface OpenSettings {
  store: SettingsStore;
  /** Stops the pruning, closes the store and its Redis connection. */
  close(): Promise<void>;
}

/** Opens the store; `fileError` turns a file system error on scanline.db into the data folder's sentence. */
export async function openSettings(
  config: Config,
  log: Logger,
  fileError: (error: unknown, path: string) => Error = (error) => error as Error,
): Promise<OpenSettings> {
  const slog = log.child({ part: 'settings' });
  let store: SettingsStore;
  let disconnect = (): void => undefined;
  if (config.redis) {
    const redis = openRedis(config.redis.url, { name: 'scanline-settings', log: slog });
    disconnect = () => redis.disconnect();
    try {
      store = await RedisSettingsStore.open(redis, { where: redactRedisUrl(config.redis.url), log: slog });
    } catch (error) {
      disconnect();
      throw error;
    }
  } else {
    const path = join(config.dataDir, 'scanline.db');
    try {
      store = SqliteSettingsStore.open(path, { log: slog });
    } catch (error) {
      throw error instanceof ScanlineError ? error : fileError(error, path);
    }
  }
  const prune = () => void store.prune().catch((error: unknown) => slog.warn({ err: error }, 'usage prune failed'));
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  slog.info({ where: store.where }, 'server settings and usage store open');
  return {
    store,
    async close() {
      clearInterval(timer);
      await store.close();
      disconnect();
    },
  };
}
