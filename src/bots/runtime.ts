import type { Logger } from 'pino';
import { Engine } from '../engine/index.js';
import { join } from 'node:path';
import { FileJobJournal, MemoryJobJournal } from '../pipeline/job-journal.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { readableModelsDirs } from './models/user-models-dir.js';
import { Scheduler } from '../pipeline/scheduler/scheduler.js';
import type { Config } from '../common/config.js';

/** The shared heart of a process: one engine, one scheduler, one pipeline, used by every adapter. */
export interface Runtime {
  engine: Engine;
  scheduler: Scheduler;
  pipeline: Pipeline;
  close(): Promise<void>;
}

/** `journal: 'file'` keeps jobs on disk in the data folder (the bots); the CLI keeps them in memory. */
export async function startRuntime(
  config: Config,
  log: Logger,
  opts: { journal: 'file' | 'memory' } = { journal: 'memory' },
): Promise<Runtime> {
  const engineLog = log.child({ part: 'engine' });
  const engine = await Engine.start(
    {
      device: config.engine.device,
      intraOpThreads: config.engine.intraOpThreads,
      spinning: config.engine.spinning,
      modelsDirs: readableModelsDirs(config.models.dirs),
      isnetDir: config.models.isnetDir,
    },
    (level, msg, data) => engineLog[level](data ?? {}, msg),
  );
  const scheduler = new Scheduler({
    concurrency: config.scheduler.concurrency,
    caps: {
      perUser: config.scheduler.perUser,
      perChannel: config.scheduler.perChannel,
      global: config.scheduler.global,
    },
  });
  const journal =
    opts.journal === 'file' ? await FileJobJournal.open(join(config.dataDir, 'jobs.jsonl')) : new MemoryJobJournal();
  const pipeline = new Pipeline({
    engine,
    scheduler,
    journal,
    maxPixels: config.attachments.maxPixels,
    log: log.child({ part: 'pipeline' }),
  });
  return {
    engine,
    scheduler,
    pipeline,
    async close() {
      await pipeline.interruptAll();
      await scheduler.close();
      await engine.close();
    },
  };
}
