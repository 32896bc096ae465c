import { describe, expect, it } from 'vitest';
import type { EngineWorkerState } from '../../engine/index.js';
import { OpsHealth } from './health.js';

function board(opts: { worker?: EngineWorkerState; queued?: number; running?: number; idleMs?: number } = {}) {
  const now = 10_000_000;
  return new OpsHealth({
    engine: { workerState: opts.worker ?? { state: 'up' } },
    queue: () => ({ queued: opts.queued ?? 0, running: opts.running ?? 0 }),
    lastActivity: () => now - (opts.idleMs ?? 0),
    now: () => now,
    wedgedAfterMs: 60_000,
  });
}

describe('OpsHealth', () => {
  it('is starting until ready, then ok when every part is', () => {
    const health = board();
    health.adapter('discord', () => ({ ok: true, detail: 'connected to the gateway' }));
    expect(health.report().status).toBe('starting');
    health.ready();
    expect(health.report()).toEqual({
      status: 'ok',
      problems: [],
      checks: {
        engine: { ok: true, detail: 'the inference worker is up' },
        queue: { ok: true, detail: 'idle' },
        discord: { ok: true, detail: 'connected to the gateway' },
      },
    });
  });

  it('is degraded, saying what is wrong, when the worker stopped or an adapter lost its connection', () => {
    const health = board({ worker: { state: 'stopped', exitCode: 1, at: 10_000_000 - 42_000 } });
    health.adapter('slack', () => ({ ok: false, detail: 'Socket Mode reconnecting' }));
    health.ready();
    expect(health.report()).toMatchObject({
      status: 'degraded',
      problems: [
        'engine: the inference worker stopped (exit code 1) 42 s ago; it restarts on the next request',
        'slack: Socket Mode reconnecting',
      ],
    });
  });

  it('calls the queue wedged only when work waits and nothing moved for longer than the limit', () => {
    const report = (o: Parameters<typeof board>[0]) => {
      const health = board(o);
      health.ready();
      return health.report();
    };
    expect(report({ idleMs: 3_600_000 }).status).toBe('ok');
    expect(report({ queued: 2, running: 1, idleMs: 30_000 }).checks['queue']).toEqual({
      ok: true,
      detail: '2 queued, 1 running, last movement 30 s ago',
    });
    expect(report({ queued: 2, running: 1, idleMs: 61_000 })).toMatchObject({
      status: 'degraded',
      problems: ['queue: 2 queued, 1 running, and no job has moved for 61 s (limit 60 s)'],
    });
  });
});
