import type { Logger } from 'pino';
import { Engine } from '../engine/index.js';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ScanlineError } from '../common/errors.js';
import { FileJobJournal, JournalNotAFileError, MemoryJobJournal } from '../pipeline/job-journal.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { readableModelsDirs } from '../packs/user-models-dir.js';
import { RedisScheduler } from '../pipeline/distributed/redis-scheduler.js';
import { redactRedisUrl } from '../pipeline/redis/redis-connection.js';
import { Scheduler, type JobScheduler } from '../pipeline/scheduler/scheduler.js';
import type { ScanlineMetrics } from '../pipeline/metrics/scanline-metrics.js';
import type { Config } from '../common/config.js';

/** The shared heart of a process: one engine, one scheduler, one pipeline, used by every adapter. */
export interface Runtime {
  engine: Engine;
  /** The embedded scheduler, or with SCANLINE_REDIS_URL the BullMQ one (jobs run on `scanline worker`s). */
  scheduler: JobScheduler;
  pipeline: Pipeline;
  /** The process's Prometheus series, when it keeps them (`npm start` with SCANLINE_METRICS_PORT). */
  metrics?: ScanlineMetrics;
  close(): Promise<void>;
}

/**
 * `journal: 'file'` keeps jobs on disk in the data folder (the bots); the CLI keeps them in memory.
 * `metrics`, when given, is fed by the scheduler, the pipeline's jobs and the adapters.
 */
export async function startRuntime(
  config: Config,
  log: Logger,
  opts: { journal: 'file' | 'memory'; metrics?: ScanlineMetrics } = { journal: 'memory' },
): Promise<Runtime> {
  const { metrics } = opts;
  // Before the engine: a bad data folder stops the start at once, with no worker to shut down.
  const journal = opts.journal === 'file' ? await openFileJournal(config.dataDir, log) : new MemoryJobJournal();
  const engine = await startEngine(config, log);
  const caps = {
    perUser: config.scheduler.perUser,
    perChannel: config.scheduler.perChannel,
    global: config.scheduler.global,
  };
  let scheduler: JobScheduler;
  try {
    scheduler = config.redis
      ? await RedisScheduler.open({
          url: config.redis.url,
          caps,
          log: log.child({ part: 'scheduler' }),
          ...(metrics ? { metrics } : {}),
        })
      : new Scheduler({ concurrency: config.scheduler.concurrency, caps, ...(metrics ? { metrics } : {}) });
  } catch (error) {
    await engine.close();
    if (!config.redis) throw error;
    const detail = `Redis at ${redactRedisUrl(config.redis.url)} did not answer (${(error as Error).message}). Check that it runs and that SCANLINE_REDIS_URL is right, and start again.`;
    throw new ScanlineError('config', { detail }, { cause: error });
  }
  const pipeline = new Pipeline({
    engine,
    scheduler,
    ...(scheduler instanceof RedisScheduler ? { work: scheduler } : {}),
    journal,
    maxPixels: config.attachments.maxPixels,
    log: log.child({ part: 'pipeline' }),
    ...(metrics ? { metrics } : {}),
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
    async close() {
      await pipeline.interruptAll();
      await scheduler.close();
      await engine.close();
      if (journal instanceof FileJobJournal) await journal.close();
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

function dataDirError(error: unknown, dir: string, journalPath: string): ScanlineError {
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
