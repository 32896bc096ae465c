import { exitCodeFor, ScanlineError } from '../../common/errors.js';
import { WorkWorker } from '../../pipeline/distributed/work-worker.js';
import { ScanlineMetrics } from '../../pipeline/metrics/scanline-metrics.js';
import { meteredEngine } from '../../pipeline/pipeline.js';
import { redactRedisUrl } from '../../pipeline/redis/redis-connection.js';
import { tableHandlers } from '../../pipeline/tasks/task-table.js';
import { LocalWork } from '../../pipeline/work.js';
import type { CommandContext, ParsedArgs } from '../command-line.js';
import { startOps, type Ops } from '../ops/ops.js';
import { startEngine } from '../runtime.js';

/** `scanline worker`: one engine taking jobs from the bots through Redis, until SIGINT or SIGTERM. */
export async function workerCommand(_args: ParsedArgs, { config, log, print }: CommandContext): Promise<number> {
  if (!config.redis) {
    print.err(
      'scanline worker takes its jobs from Redis: set SCANLINE_REDIS_URL (e.g. redis://127.0.0.1:6379) to the Redis your bot uses.',
    );
    return exitCodeFor('config');
  }
  const metrics = config.ops ? new ScanlineMetrics() : undefined;
  const engine = await startEngine(config, log);
  const work = new LocalWork(metrics ? meteredEngine(engine, metrics) : engine, tableHandlers());
  const where = redactRedisUrl(config.redis.url);
  let worker: WorkWorker;
  try {
    worker = await WorkWorker.start({
      url: config.redis.url,
      // A batching model takes several jobs of its task together; the engine queues the others.
      concurrency:
        engine.batchingTasks.length > 0 && config.batch.maxJobs > 1
          ? Math.max(config.scheduler.concurrency, config.batch.maxJobs)
          : config.scheduler.concurrency,
      work,
      log: log.child({ part: 'worker' }),
      ...(metrics ? { metrics } : {}),
    });
  } catch (error) {
    await engine.close();
    // The same sentence as `scanline start` gives.
    const unreachable = new ScanlineError('redis_unreachable', { url: where, detail: (error as Error).message });
    print.err(unreachable.message);
    return unreachable.exitCode;
  }
  let ops: Ops | undefined;
  if (config.ops && metrics) {
    // This worker; the bots' /metrics count the live workers and the queue depth.
    metrics.setWorkers(1);
    ops = await startOps({ engine, scheduler: worker }, metrics, config.ops, log);
    ops.health.ready();
    print.out(`Ops: ${ops.url}/metrics and ${ops.url}/healthz${config.ops.token ? ' (bearer token required)' : ''}`);
  }
  const { provider } = await engine.packs();
  print.out(
    `Worker ${worker.name} on ${provider.toUpperCase()} (${config.engine.intraOpThreads} threads): taking up to ${worker.concurrency} job(s) at a time from ${where}.`,
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  print.out('Stopping: taking no new job and finishing the running ones…');
  await worker.close();
  await engine.close();
  await ops?.close();
  return 0;
}
