// F7: the playground under load. Timings are reported, never asserted: the p99 < 20 ms check lives in `npm run bench load`.
import { describe, expect } from 'vitest';
import { runPlaygroundLoad } from '../helpers/playground-load.js';
import { fault } from './fault-table.js';

describe('F7 load', () => {
  fault(
    'F7 load: 200 requests from 50 users through the playground',
    'every request gets exactly one final event (nothing lost, nothing duplicated), all done; the main loop stays responsive',
    async (observe) => {
      const r = await runPlaygroundLoad({
        users: 50,
        perUser: 4,
        // Small inputs keep the run short; every task is still real engine work in the worker.
        photoSide: 400,
        signSide: 400,
        idleTimeoutMs: 30_000,
      });
      observe(
        `${r.requests} requests: answered ${r.answered} (done ${r.done}, failed ${r.failed}), lost ${r.lost}, ` +
          `duplicated ${r.duplicated}, refused by the API ${r.refusedHttp}; main-loop p99 ${r.loop.p99.toFixed(1)} ms ` +
          `(max ${r.loop.max.toFixed(0)} ms), probe p95 ${Math.round(r.probe.p95)} ms, peak RSS ${r.peakRssMb} MB, ` +
          `${(r.wallMs / 1000).toFixed(0)} s`,
      );
      expect(r.refusedHttp).toBe(0);
      expect(r.lost).toBe(0);
      expect(r.duplicated).toBe(0);
      expect(r.answered).toBe(200);
      expect(r.done).toBe(200);
    },
    240_000,
  );
});
