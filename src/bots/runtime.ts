import type { Logger } from 'pino';
import { Engine } from '../engine/index.js';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ScanlineError } from '../common/errors.js';
import { FileJobJournal, JournalNotAFileError, MemoryJobJournal } from '../pipeline/job-journal.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { openClusterState, type ClusterState } from '../pipeline/redis/cluster-state.js';
import type { SeenOnce } from '../pipeline/redis/seen-once.js';
import type { SharedNotes } from '../pipeline/redis/shared-notes.js';
import { readableModelsDirs } from '../packs/user-models-dir.js';
import { RedisScheduler } from '../pipeline/distributed/redis-scheduler.js';
import { redactRedisUrl } from '../pipeline/redis/redis-connection.js';
import { Scheduler, type JobScheduler } from '../pipeline/scheduler/scheduler.js';
import type { ScanlineMetrics } from '../pipeline/metrics/scanline-metrics.js';
import type { Config } from '../common/config.js';
import type { SettingsStore } from '../pipeline/settings/server-settings.js';
import { openSettings } from './settings-store.js';

/** The shared heart of a process: one engine, one scheduler, one pipeline, used by every adapter. */
export interface Runtime {
  engine: Engine;
  /** The embedded scheduler, or with SCANLINE_REDIS_URL the BullMQ one (jobs run on `scanline worker`s). */
  scheduler: JobScheduler;
  pipeline: Pipeline;
  /** The process's Prometheus series, when it keeps them (`npm start` with SCANLINE_METRICS_PORT). */
  metrics?: ScanlineMetrics;
  /** Per-server settings and usage (the bots): SQLite in the data folder, or Redis with SCANLINE_REDIS_URL. */
  settings?: SettingsStore;
  /** Repeat detection shared by every bot process (SCANLINE_REDIS_URL), for deliveries any of them may get. */
  seenOnce?: SeenOnce;
  /** Small facts shared by every bot process (SCANLINE_REDIS_URL), e.g. who started a Slack thread. */
  notes?: SharedNotes;
  /** Whether the shared Redis takes this process's writes (SCANLINE_REDIS_URL), for /healthz. */
  redisHealth?: () => { ok: boolean; detail: string };
  close(): Promise<void>;
}

/**
 * `journal: 'file'` keeps jobs on disk in the data folder (the bots), or in Redis when SCANLINE_REDIS_URL
 * is set (shared by every bot process); the CLI keeps them in memory.
 * `metrics`, when given, is fed by the scheduler, the pipeline's jobs and the adapters.
 */
export async function startRuntime(
  config: Config,
  log: Logger,
  opts: { journal: 'file' | 'memory'; metrics?: ScanlineMetrics; settings?: boolean } = { journal: 'memory' },
): Promise<Runtime> {
  const { metrics } = opts;
  // The bots share state and work through Redis when SCANLINE_REDIS_URL is set; the CLI always runs here.
  const redisUrl = opts.journal === 'file' ? config.redis?.url : undefined;
  // Before the engine: a bad data folder or an unreachable Redis stops the start at once, with no worker to shut down.
  const cluster: ClusterState | undefined = redisUrl ? await openClusterState(redisUrl, log) : undefined;
  const journal =
    cluster?.journal ?? (opts.journal === 'file' ? await openFileJournal(config.dataDir, log) : new MemoryJobJournal());
  // The bots keep settings (default with the file journal); the CLI does not.
  let settings: Awaited<ReturnType<typeof openSettings>> | undefined;
  try {
    settings =
      (opts.settings ?? opts.journal === 'file')
        ? await openSettings(config, log, (error, path) => dataDirError(error, config.dataDir, path))
        : undefined;
  } catch (error) {
    if (journal instanceof FileJobJournal) await journal.close();
    await cluster?.close();
    throw error;
  }
  const engine = await startEngine(config, log);
  const caps = {
    perUser: config.scheduler.perUser,
    perChannel: config.scheduler.perChannel,
    global: config.scheduler.global,
  };
  let scheduler: JobScheduler;
  try {
    scheduler = redisUrl
      ? await RedisScheduler.open({
          url: redisUrl,
          caps,
          log: log.child({ part: 'scheduler' }),
          ...(metrics ? { metrics } : {}),
        })
      : new Scheduler({
          concurrency: config.scheduler.concurrency,
          caps,
          ...(metrics ? { metrics } : {}),
          batch: { maxJobs: config.batch.maxJobs, keys: engine.batchingTasks },
        });
  } catch (error) {
    await engine.close();
    if (journal instanceof FileJobJournal) await journal.close();
    await settings?.close();
    await cluster?.close();
    if (!redisUrl) throw error;
    throw new ScanlineError(
      'redis_unreachable',
      { url: redactRedisUrl(redisUrl), detail: (error as Error).message },
      { cause: error },
    );
  }
  const pipeline = new Pipeline({
    engine,
    scheduler,
    ...(scheduler instanceof RedisScheduler ? { work: scheduler } : {}),
    journal,
    ...(cluster ? { cancels: cluster.cancels } : {}),
    maxPixels: config.attachments.maxPixels,
    log: log.child({ part: 'pipeline' }),
    ...(metrics ? { metrics } : {}),
    ...(settings ? { settings: settings.store } : {}),
  });
  if (metrics) {
    metrics.watchQueue(() => scheduler.stats().queued);
    // The embedded process is its own single worker; over Redis the scheduler counts the live workers.
    if (!config.redis) metrics.setWorkers(1);
  }
  return {
    engine,
    scheduler,
    pipeline,
    ...(metrics ? { metrics } : {}),
    ...(settings ? { settings: settings.store } : {}),
    ...(cluster
      ? { seenOnce: cluster.seenOnce, notes: cluster.notes, redisHealth: () => cluster.journal.health() }
      : {}),
    async close() {
      await pipeline.interruptAll();
      await scheduler.close();
      await engine.close();
      if (journal instanceof FileJobJournal) await journal.close();
      await settings?.close();
      await cluster?.close();
    },
  };
}

/** The process's one engine (SCANLINE_DEVICE, SCANLINE_THREADS...): the bot's, or a `scanline worker`'s. */
export async function startEngine(config: Config, log: Logger): Promise<Engine> {
  const engineLog = log.child({ part: 'engine' });
  return Engine.start(
    {
      device: config.engine.device,
      intraOpThreads: config.engine.intraOpThreads,
      spinning: config.engine.spinning,
      modelsDirs: readableModelsDirs(config.models.dirs),
      isnetDir: config.models.isnetDir,
      batch: config.batch,
    },
    (level, msg, data) => engineLog[level](data ?? {}, msg),
  );
}

/** The job journal in SCANLINE_DATA_DIR; every way the folder can be unusable is a one-line ScanlineError (exit 8). */
async function openFileJournal(dir: string, log: Logger): Promise<FileJobJournal> {
  const path = join(dir, 'jobs.jsonl');
  try {
    return await FileJobJournal.open(path, { log: log.child({ part: 'journal' }) });
  } catch (error) {
    throw dataDirError(error, dir, path);
  }
}

export function dataDirError(error: unknown, dir: string, journalPath: string): ScanlineError {
  const cause = { cause: error };
  if (error instanceof JournalNotAFileError)
    return new ScanlineError('data_dir_journal_invalid', { path: error.path }, cause);
  const { code, path = journalPath, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return new ScanlineError('data_dir_not_folder', { dir, path: fileOnTheWay(dir, path) }, cause);
    case 'EISDIR':
      return new ScanlineError('data_dir_journal_invalid', { path }, cause);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ScanlineError('data_dir_denied', { dir, path, reason: code }, cause);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ScanlineError('data_dir_full', { dir, path }, cause);
    default:
      return new ScanlineError('data_dir_unusable', { dir, detail: code ?? message }, cause);
  }
}

/** The file standing where `dir` or one of its parents should be a folder (for the error sentence). */
function fileOnTheWay(dir: string, fallback: string): string {
  for (let p = resolve(dir); ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // Missing or not reachable: the file is higher up.
    }
    if (dirname(p) === p) return fallback;
  }
}
