import type { Logger } from 'pino';
import { Engine } from '../engine/index.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { Scheduler } from '../pipeline/scheduler/scheduler.js';
import type { Config } from './config.js';

/** The shared heart of a process: one engine, one scheduler, one pipeline, used by every adapter. */
export interface Runtime {
  engine: Engine;
  scheduler: Scheduler;
  pipeline: Pipeline;
  close(): Promise<void>;
}

export async function startRuntime(config: Config, log: Logger): Promise<Runtime> {
  const engineLog = log.child({ part: 'engine' });
  const engine = await Engine.start(
    {
      device: config.engine.device,
      intraOpThreads: config.engine.intraOpThreads,
      spinning: config.engine.spinning,
      modelsDirs: config.models.dirs,
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
  const pipeline = new Pipeline({
    engine,
    scheduler,
    maxPixels: config.attachments.maxPixels,
    log: log.child({ part: 'pipeline' }),
  });
  return {
    engine,
    scheduler,
    pipeline,
    async close() {
      await scheduler.close();
      await engine.close();
    },
  };
}
