// The ops endpoints of one process: its health board (engine, queue, adapters) and the server that
// answers /metrics and /healthz. `npm start` builds it when SCANLINE_METRICS_PORT is set.
import type { Logger } from 'pino';
import type { Config } from '../../common/config.js';
import type { ScanlineMetrics } from '../../pipeline/metrics/scanline-metrics.js';
import type { Runtime } from '../runtime.js';
import { OpsHealth } from './health.js';
import { startOpsServer } from './ops-server.js';

export interface Ops {
  /** Adapters add their probes as they start; `ready()` once all have. */
  health: OpsHealth;
  url: string;
  close(): Promise<void>;
}

/** What the health board reads of a process: a bot's runtime, or a worker's engine and running jobs. */
export type OpsSubject = Pick<Runtime, 'engine'> & { scheduler: { stats(): { queued: number; running: number } } };

export async function startOps(
  runtime: OpsSubject,
  metrics: ScanlineMetrics,
  settings: NonNullable<Config['ops']>,
  log: Logger,
  opts: { wedgedAfterMs?: number } = {},
): Promise<Ops> {
  const health = new OpsHealth({
    engine: runtime.engine,
    queue: () => runtime.scheduler.stats(),
    lastActivity: () => metrics.lastActivity,
    ...(opts.wedgedAfterMs !== undefined ? { wedgedAfterMs: opts.wedgedAfterMs } : {}),
  });
  const server = await startOpsServer({
    host: settings.host,
    port: settings.port,
    ...(settings.token ? { token: settings.token } : {}),
    metrics,
    health,
    log: log.child({ part: 'ops' }),
  });
  return { health, url: server.url, close: () => server.close() };
}
