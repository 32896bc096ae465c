// The serving process of the playground load check (bench and fault suite): the real runtime and
// playground, measuring its own main loop so the load's clients never inflate the figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import pino from 'pino';
import { startWebAdapter } from '../../src/adapters/web/index.js';
import { startRuntime } from '../../src/bots/runtime.js';
import { loadConfig } from '../../src/common/config.js';

/** What the parent sends: start measuring, or stop and report. */
export type ToLoadServer = { type: 'measure' } | { type: 'report' } | { type: 'close' };

export interface LoopFigures {
  p50: number;
  p99: number;
  max: number;
}

/** Garbage collection on the main thread while measuring: full (mark-compact) and young-generation pauses. */
export interface GcFigures {
  majorCount: number;
  majorMs: number;
  majorMaxMs: number;
  minorMs: number;
  heapUsedMb: number;
}

export type FromLoadServer =
  | { type: 'ready'; url: string; startupMs: number }
  | {
      type: 'report';
      loop: LoopFigures;
      gc: GcFigures;
      peakRssMb: number;
      rssNowMb: number;
      activeJobs: number;
    }
  | { type: 'closed' };

function send(msg: FromLoadServer): void {
  process.send?.(msg);
}

const env = JSON.parse(process.env['SCANLINE_LOAD_ENV'] ?? '{}') as Record<string, string>;
const dir = await mkdtemp(join(tmpdir(), 'scanline-load-'));
const started = performance.now();
const config = loadConfig({ HOME: dir, SCANLINE_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
const log = pino({ level: 'silent' });
// The bots keep the journal on disk, so its writes are part of the load.
const runtime = await startRuntime(config, log, { journal: 'file' });
const playground = await startWebAdapter(runtime, { ...config, playground: { ...config.playground, port: 0 } }, log);

// 1 ms resolution: a 20 ms target needs finer samples than the default 10 ms.
const loop = monitorEventLoopDelay({ resolution: 1 });
const ms = (ns: number) => Math.round(ns / 1e4) / 100;
const gc = { majorCount: 0, majorMs: 0, majorMaxMs: 0, minorMs: 0, heapUsedMb: 0 };
let measuring = false;
new PerformanceObserver((list) => {
  if (!measuring) return;
  for (const entry of list.getEntries()) {
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
      gc.majorCount++;
      gc.majorMs += entry.duration;
      gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
    } else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minorMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', (msg: ToLoadServer) => {
  if (msg.type === 'measure') {
    loop.reset();
    loop.enable();
    measuring = true;
  } else if (msg.type === 'report') {
    loop.disable();
    measuring = false;
    const round = (n: number) => Math.round(n * 10) / 10;
    send({
      type: 'report',
      loop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      gc: {
        majorCount: gc.majorCount,
        majorMs: Math.round(gc.majorMs),
        majorMaxMs: round(gc.majorMaxMs),
        minorMs: Math.round(gc.minorMs),
        heapUsedMb: Math.round(getHeapStatistics().used_heap_size / (1024 * 1024)),
      },
      // maxRSS covers the whole process (main thread, inference worker, libvips) since it started.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      rssNowMb: Math.round(process.memoryUsage.rss() / (1024 * 1024)),
      activeJobs: runtime.pipeline.activeJobs,
    });
  } else if (msg.type === 'close') {
    void (async () => {
      await playground.close();
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
      send({ type: 'closed' });
      process.disconnect?.();
    })();
  }
});

send({ type: 'ready', url: playground.url, startupMs: Math.round(performance.now() - started) });
