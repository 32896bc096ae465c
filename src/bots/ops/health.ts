// What /healthz says: ok, starting (adapters not connected yet) or degraded, with one check per part:
// the inference worker, each adapter, and the queue (work waiting but nothing moving for too long).
import type { EngineWorkerState } from '../../engine/index.js';

export type HealthStatus = 'ok' | 'starting' | 'degraded';

export interface HealthCheck {
  ok: boolean;
  /** One line an operator can act on. */
  detail: string;
}

export interface HealthReport {
  status: HealthStatus;
  /** The details of the checks that failed, `name: detail`. */
  problems: string[];
  checks: Record<string, HealthCheck>;
}

export interface HealthSources {
  engine: { readonly workerState: EngineWorkerState };
  /** Jobs queued and running now (the scheduler's counts). */
  queue(): { queued: number; running: number };
  /** Milliseconds timestamp of the last job movement (accepted, started, progress, ended). */
  lastActivity(): number;
  now?: () => number;
  /** Work waiting or running with no movement for this long is a wedged queue (default 10 minutes). */
  wedgedAfterMs?: number;
}

/** Longer than any single model step seen here (Janus reports progress every token row). */
export const DEFAULT_WEDGED_AFTER_MS = 10 * 60_000;

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** The process's health, from its parts: starts as `starting` until `ready()` (every adapter connected). */
export class OpsHealth {
  readonly #sources: HealthSources;
  readonly #adapters = new Map<string, () => HealthCheck>();
  #ready = false;

  constructor(sources: HealthSources) {
    this.#sources = sources;
  }

  /** An adapter's own probe (connected to its platform, listening). */
  adapter(name: string, probe: () => HealthCheck): void {
    this.#adapters.set(name, probe);
  }

  /** Everything configured has started. */
  ready(): void {
    this.#ready = true;
  }

  report(): HealthReport {
    const checks: Record<string, HealthCheck> = { engine: this.#engine(), queue: this.#queue() };
    for (const [name, probe] of this.#adapters) checks[name] = probe();
    const problems = Object.entries(checks)
      .filter(([, check]) => !check.ok)
      .map(([name, check]) => `${name}: ${check.detail}`);
    const status: HealthStatus = !this.#ready ? 'starting' : problems.length > 0 ? 'degraded' : 'ok';
    return { status, problems, checks };
  }

  #engine(): HealthCheck {
    const worker = this.#sources.engine.workerState;
    switch (worker.state) {
      case 'up':
        return { ok: true, detail: 'the inference worker is up' };
      case 'starting':
        return { ok: true, detail: 'the inference worker is restarting' };
      case 'closed':
        return { ok: false, detail: 'the engine is closed (shutting down)' };
      case 'stopped': {
        const ago = seconds(this.#now() - worker.at);
        return {
          ok: false,
          detail: `the inference worker stopped (exit code ${worker.exitCode}) ${ago} ago; it restarts on the next request`,
        };
      }
    }
  }

  #queue(): HealthCheck {
    const { queued, running } = this.#sources.queue();
    const idle = this.#now() - this.#sources.lastActivity();
    const limit = this.#sources.wedgedAfterMs ?? DEFAULT_WEDGED_AFTER_MS;
    const counts = `${queued} queued, ${running} running`;
    if (queued + running > 0 && idle > limit) {
      return { ok: false, detail: `${counts}, and no job has moved for ${seconds(idle)} (limit ${seconds(limit)})` };
    }
    return { ok: true, detail: queued + running > 0 ? `${counts}, last movement ${seconds(idle)} ago` : 'idle' };
  }

  #now(): number {
    return (this.#sources.now ?? Date.now)();
  }
}
