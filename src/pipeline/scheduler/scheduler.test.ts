import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import { settle } from './fake-clock.js';
import { Scheduler, type SchedulerCaps, type SchedulerJob } from './scheduler.js';

const WIDE: SchedulerCaps = { perUser: 100, perChannel: 100, global: 100 };

interface RunControl {
  resolve(): void;
  reject(error: unknown): void;
  signal: AbortSignal;
}

/** Jobs whose run() the test finishes by hand, with every callback recorded. */
class Harness {
  readonly started: string[] = [];
  readonly cancelled: string[] = [];
  readonly positions = new Map<string, number[]>();
  readonly runs = new Map<string, RunControl>();

  job(
    id: string,
    userId: string,
    channelId = 'chan',
    opts: { ignoreSignal?: boolean; batchKey?: string } = {},
  ): SchedulerJob {
    return {
      id,
      userId,
      channelId,
      ...(opts.batchKey ? { batchKey: opts.batchKey } : {}),
      run: (signal) =>
        new Promise<void>((resolve, reject) => {
          this.runs.set(id, { resolve, reject, signal });
          if (!opts.ignoreSignal) signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      onQueued: (position) => this.positions.set(id, [...(this.positions.get(id) ?? []), position]),
      onStarted: () => this.started.push(id),
      onCancelled: () => this.cancelled.push(id),
    };
  }

  async finish(id: string): Promise<void> {
    const run = this.runs.get(id);
    if (!run) throw new Error(`${id} is not running`);
    run.resolve();
    await settle();
  }
}

function busyError(fn: () => unknown): ScanlineError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScanlineError) return error;
    throw error;
  }
  throw new Error('expected a busy error');
}

describe('Scheduler fairness', () => {
  it('dispatches round robin across three users', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    s.submit(h.job('x1', 'x'));
    await settle();
    for (const [id, user] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b1', 'b'],
      ['b2', 'b'],
      ['c1', 'c'],
    ] as const) {
      s.submit(h.job(id, user));
    }
    expect(['a1', 'b1', 'c1', 'a2', 'b2', 'a3'].map((id) => s.position(id))).toEqual([1, 2, 3, 4, 5, 6]);
    for (const id of ['x1', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']) await h.finish(id);
    expect(h.started).toEqual(['x1', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    await s.onIdle();
  });

  it("runs a later single job second, not after the first user's backlog", async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    for (let i = 1; i <= 5; i++) s.submit(h.job(`a${i}`, 'a'));
    s.submit(h.job('b1', 'b'));
    await settle();
    expect(s.position('b1')).toBe(1);
    for (const id of ['a1', 'b1', 'a2', 'a3', 'a4', 'a5']) await h.finish(id);
    expect(h.started).toEqual(['a1', 'b1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('runs up to `concurrency` jobs at once', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 2, caps: WIDE });
    s.submit(h.job('a1', 'a'));
    s.submit(h.job('b1', 'b'));
    s.submit(h.job('c1', 'c'));
    await settle();
    expect(h.started).toEqual(['a1', 'b1']);
    expect(s.stats()).toEqual({ queued: 1, running: 2, users: 3 });
    expect(s.status('c1')).toBe('queued');
    await h.finish('b1');
    expect(h.started).toEqual(['a1', 'b1', 'c1']);
    expect(s.status('b1')).toBe('done');
  });
});

describe('Scheduler queue positions', () => {
  it('reports the position at submit and every change while queued', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    s.submit(h.job('x1', 'x'));
    await settle();
    s.submit(h.job('a1', 'a'));
    s.submit(h.job('a2', 'a'));
    // b1 overtakes a2 (a already has one ahead of it).
    s.submit(h.job('b1', 'b'));
    expect(h.positions.get('a1')).toEqual([1]);
    expect(h.positions.get('a2')).toEqual([2, 3]);
    expect(h.positions.get('b1')).toEqual([2]);
    await h.finish('x1');
    expect(h.started).toEqual(['x1', 'a1']);
    expect(h.positions.get('b1')).toEqual([2, 1]);
    expect(h.positions.get('a2')).toEqual([2, 3, 2]);
    expect(s.position('a1')).toBeUndefined();
    await h.finish('a1');
    expect(h.positions.get('a2')).toEqual([2, 3, 2, 1]);
    // onQueued is called once at submit even for a job that starts at once.
    expect(h.positions.get('x1')).toEqual([1]);
  });
});

describe('Scheduler caps', () => {
  it('refuses past the per-user cap with count and a 30 s default estimate', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 2, perChannel: 10, global: 10 }, now: () => 0 });
    s.submit(h.job('a1', 'a', 'c1'));
    s.submit(h.job('a2', 'a', 'c2'));
    await settle();
    const error = busyError(() => s.submit(h.job('a3', 'a', 'c3')));
    expect(error.code).toBe('busy_user');
    expect(error.params).toEqual({ count: 2, seconds: 30 });
    expect(s.status('a3')).toBeUndefined();
    expect(s.stats()).toEqual({ queued: 1, running: 1, users: 1 });
    // Another user is still welcome.
    expect(() => s.submit(h.job('b1', 'b', 'c3'))).not.toThrow();
  });

  it('refuses past the per-channel cap', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 5, perChannel: 3, global: 10 }, now: () => 0 });
    for (const user of ['a', 'b', 'c']) s.submit(h.job(`${user}1`, user, 'busy'));
    await settle();
    const error = busyError(() => s.submit(h.job('d1', 'd', 'busy')));
    expect(error.code).toBe('busy_channel');
    expect(error.params.count).toBe(3);
    expect(error.params.seconds).toBe(30);
    expect(() => s.submit(h.job('d2', 'd', 'quiet'))).not.toThrow();
  });

  it('refuses past the global cap, and accepts again once a job left', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 5, perChannel: 5, global: 2 }, now: () => 0 });
    s.submit(h.job('a1', 'a', 'c1'));
    s.submit(h.job('b1', 'b', 'c2'));
    await settle();
    const error = busyError(() => s.submit(h.job('c1', 'c', 'c3')));
    expect(error.code).toBe('busy_global');
    expect(error.params.count).toBe(2);
    expect(error.message).toContain('2 requests');
    await h.finish('a1');
    expect(() => s.submit(h.job('c1', 'c', 'c3'))).not.toThrow();
  });

  it('names the user cap first when several are reached', () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 1, perChannel: 1, global: 1 } });
    s.submit(h.job('a1', 'a'));
    expect(busyError(() => s.submit(h.job('a2', 'a'))).code).toBe('busy_user');
    expect(busyError(() => s.submit(h.job('b1', 'b'))).code).toBe('busy_channel');
    expect(busyError(() => s.submit(h.job('b2', 'b', 'other'))).code).toBe('busy_global');
  });
});

describe('Scheduler retry estimate', () => {
  it("uses the moving average of finished durations and the running job's elapsed time", async () => {
    let now = 0;
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 1, perChannel: 10, global: 10 }, now: () => now });
    s.submit(h.job('p1', 'p'));
    await settle();
    now = 10_000;
    await h.finish('p1'); // 10 s
    s.submit(h.job('p2', 'p'));
    await settle();
    now = 30_000;
    await h.finish('p2'); // 20 s -> average 15 s

    s.submit(h.job('r1', 'r'));
    await settle();
    now = 34_000;
    // r1 has run 4 s of an average 15 s.
    expect(busyError(() => s.submit(h.job('r2', 'r'))).params).toEqual({ count: 1, seconds: 11 });

    // q1 waits for r1 (11 s left), then runs about 15 s itself.
    s.submit(h.job('q1', 'q'));
    expect(busyError(() => s.submit(h.job('q2', 'q'))).params).toEqual({ count: 1, seconds: 26 });
  });

  it('does not count cancelled or failed jobs in the average', async () => {
    let now = 0;
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 1, perChannel: 10, global: 10 }, now: () => now });
    s.submit(h.job('f1', 'f'));
    s.submit(h.job('c1', 'c'));
    await settle();
    now = 2_000;
    h.runs.get('f1')?.reject(new Error('boom'));
    await settle();
    now = 3_000;
    s.cancel('c1');
    await settle();
    s.submit(h.job('z1', 'z'));
    await settle();
    expect(busyError(() => s.submit(h.job('z2', 'z'))).params.seconds).toBe(30);
  });
});

describe('Scheduler cancel', () => {
  it('cancels a queued job: it never runs and the others move up', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    s.submit(h.job('x1', 'x'));
    await settle();
    const a = s.submit(h.job('a1', 'a'));
    s.submit(h.job('b1', 'b'));
    s.submit(h.job('c1', 'c'));
    await settle();
    expect(s.cancel('a1')).toBe(true);
    expect(await a.done).toBe('cancelled');
    expect(h.cancelled).toEqual(['a1']);
    expect(s.status('a1')).toBe('cancelled');
    expect(h.positions.get('b1')).toEqual([2, 1]);
    expect(h.positions.get('c1')).toEqual([3, 2]);
    expect(s.cancel('a1')).toBe(false);
    await h.finish('x1');
    await h.finish('b1');
    await h.finish('c1');
    await s.onIdle();
    expect(h.started).toEqual(['x1', 'b1', 'c1']);
    expect(h.runs.has('a1')).toBe(false);
    expect(s.stats()).toEqual({ queued: 0, running: 0, users: 0 });
  });

  it('cancels a running job: the signal aborts and its slot goes to the next job', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    const a = s.submit(h.job('a1', 'a', 'chan', { ignoreSignal: true }));
    s.submit(h.job('b1', 'b'));
    await settle();
    const signal = h.runs.get('a1')?.signal;
    expect(signal?.aborted).toBe(false);
    expect(s.cancel('a1')).toBe(true);
    expect(signal?.aborted).toBe(true);
    expect((signal?.reason as Error).name).toBe('AbortError');
    // run() of a1 has not returned, yet the job is over and b1 got the device.
    expect(await a.done).toBe('cancelled');
    await settle();
    expect(h.started).toEqual(['a1', 'b1']);
    expect(h.cancelled).toEqual(['a1']);
    // The late result of a cancelled run is ignored.
    await h.finish('a1');
    expect(s.status('a1')).toBe('cancelled');
    expect(s.cancel('a1')).toBe(false);
  });

  it('reports unknown and finished jobs as not cancellable', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    expect(s.cancel('nope')).toBe(false);
    const a = s.submit(h.job('a1', 'a'));
    await settle();
    await h.finish('a1');
    expect(await a.done).toBe('done');
    expect(s.cancel('a1')).toBe(false);
    expect(h.cancelled).toEqual([]);
  });
});

describe('Scheduler failures', () => {
  it('records a rejecting or throwing run as failed and keeps going', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    const a = s.submit(h.job('a1', 'a'));
    const thrower: SchedulerJob = {
      id: 't1',
      userId: 't',
      channelId: 'chan',
      run: () => {
        throw new Error('sync boom');
      },
    };
    const t = s.submit(thrower);
    s.submit(h.job('b1', 'b'));
    await settle();
    h.runs.get('a1')?.reject(new Error('boom'));
    expect(await a.done).toBe('failed');
    expect(await t.done).toBe('failed');
    await settle();
    expect(h.started).toEqual(['a1', 'b1']);
    await h.finish('b1');
    expect(s.status('b1')).toBe('done');
  });

  it('reports a throwing callback and still runs the job', async () => {
    const errors: string[] = [];
    const s = new Scheduler({
      concurrency: 1,
      caps: WIDE,
      onCallbackError: (error, jobId) => errors.push(`${jobId}: ${(error as Error).message}`),
    });
    let ran = false;
    const { done } = s.submit({
      id: 'a1',
      userId: 'a',
      channelId: 'chan',
      run: async () => {
        ran = true;
      },
      onQueued: () => {
        throw new Error('sink down');
      },
    });
    expect(await done).toBe('done');
    expect(ran).toBe(true);
    expect(errors).toEqual(['a1: sink down']);
  });
});

describe('Scheduler idle and close', () => {
  it('onIdle waits for queued and running jobs', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    await s.onIdle();
    s.submit(h.job('a1', 'a'));
    s.submit(h.job('b1', 'b'));
    let idle = false;
    void s.onIdle().then(() => (idle = true));
    await settle();
    await h.finish('a1');
    expect(idle).toBe(false);
    await h.finish('b1');
    expect(idle).toBe(true);
  });

  it('close cancels queued and running jobs and refuses new ones', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    const a = s.submit(h.job('a1', 'a'));
    const b = s.submit(h.job('b1', 'b'));
    await settle();
    await s.close();
    expect(await a.done).toBe('cancelled');
    expect(await b.done).toBe('cancelled');
    expect(h.runs.get('a1')?.signal.aborted).toBe(true);
    expect(h.started).toEqual(['a1']);
    expect(h.cancelled.sort()).toEqual(['a1', 'b1']);
    expect(() => s.submit(h.job('c1', 'c'))).toThrow(/closed/);
    await s.onIdle();
  });
});

describe('Scheduler invariants', () => {
  it('lets a callback cancel its own job during submit', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE });
    let selfCancel = false;
    const job = h.job('a1', 'a');
    const { done } = s.submit({ ...job, onQueued: () => (selfCancel = s.cancel('a1')) });
    expect(selfCancel).toBe(true);
    expect(await done).toBe('cancelled');
    s.submit(h.job('b1', 'b'));
    await settle();
    expect(h.started).toEqual(['b1']);
  });

  it('keeps concurrency, starts each job once and never starts a cancelled one (random workload)', async () => {
    let state = 99;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const h = new Harness();
    const s = new Scheduler({ concurrency: 2, caps: WIDE });
    const cancelledWhileQueued = new Set<string>();
    let maxRunning = 0;
    for (let step = 0; step < 400; step++) {
      const action = random(3);
      if (action === 0) {
        const userId = `u${random(3)}`;
        s.submit(h.job(`j${step}`, userId));
      } else if (action === 1) {
        const running = h.started.filter((id) => s.status(id) === 'running');
        const id = running[random(Math.max(1, running.length))];
        if (id) await h.finish(id);
      } else {
        const id = `j${random(step + 1)}`;
        const wasQueued = s.status(id) === 'queued';
        if (s.cancel(id) && wasQueued) cancelledWhileQueued.add(id);
      }
      await settle();
      const running = s.stats().running;
      maxRunning = Math.max(maxRunning, running);
      // A free slot never stays empty while something waits.
      if (s.stats().queued > 0) expect(running).toBe(2);
    }
    expect(maxRunning).toBe(2);
    expect(cancelledWhileQueued.size).toBeGreaterThan(0);
    expect(new Set(h.started).size).toBe(h.started.length);
    expect(h.started.filter((id) => cancelledWhileQueued.has(id))).toEqual([]);
    await s.close();
    expect(s.stats()).toEqual({ queued: 0, running: 0, users: 0 });
  });
});

describe('Scheduler batching', () => {
  const batch = { maxJobs: 3, keys: ['generate', 'understand'] };
  const gen = (h: Harness, id: string, user: string): SchedulerJob => h.job(id, user, 'chan', { batchKey: 'generate' });

  it('runs jobs of one batching task together in one slot, up to the batch limit', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE, batch });
    for (const [id, user] of [
      ['g1', 'a'],
      ['g2', 'b'],
      ['g3', 'c'],
      ['g4', 'd'],
    ] as const) {
      s.submit(gen(h, id, user));
    }
    await settle();
    expect(h.started).toEqual(['g1', 'g2', 'g3']);
    expect(s.stats()).toMatchObject({ running: 3, queued: 1 });
    expect(s.position('g4')).toBe(1);
    // One leaves: the next of the task joins the running batch at once.
    await h.finish('g2');
    expect(h.started).toEqual(['g1', 'g2', 'g3', 'g4']);
    for (const id of ['g1', 'g3', 'g4']) await h.finish(id);
    await s.onIdle();
  });

  it('keeps the round robin inside a batch', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE, batch: { ...batch, maxJobs: 2 } });
    for (const id of ['a1', 'a2', 'a3']) s.submit(gen(h, id, 'a'));
    s.submit(gen(h, 'b1', 'b'));
    await settle();
    // b1 was never served, so it joins before a's second job.
    expect(h.started).toEqual(['a1', 'b1']);
    await h.finish('a1');
    expect(h.started).toEqual(['a1', 'b1', 'a2']);
    for (const id of ['b1', 'a2']) await h.finish(id);
    await h.finish('a3');
    await s.onIdle();
  });

  it('lets another task at the head of the queue take the device next: no joining past it', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE, batch });
    s.submit(gen(h, 'g1', 'a'));
    await settle();
    s.submit(h.job('e1', 'b', 'chan', { batchKey: 'edit' }));
    s.submit(gen(h, 'g2', 'c'));
    await settle();
    // g2 could fit in g1's batch, but e1 is ahead of it in the fair order.
    expect(h.started).toEqual(['g1']);
    await h.finish('g1');
    expect(h.started).toEqual(['g1', 'e1']);
    await h.finish('e1');
    expect(h.started).toEqual(['g1', 'e1', 'g2']);
    await h.finish('g2');
    await s.onIdle();
  });

  it('holds the slot until the last member of a batch leaves; a cancel makes room for the next', async () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: WIDE, batch: { ...batch, maxJobs: 2 } });
    s.submit(gen(h, 'g1', 'a'));
    s.submit(gen(h, 'g2', 'b'));
    s.submit(gen(h, 'g3', 'c'));
    await settle();
    expect(h.started).toEqual(['g1', 'g2']);
    expect(s.cancel('g2')).toBe(true);
    await settle();
    expect(h.runs.get('g2')!.signal.aborted).toBe(true);
    expect(h.started).toEqual(['g1', 'g2', 'g3']);
    s.submit(h.job('u1', 'd', 'chan', { batchKey: 'understand' }));
    await h.finish('g1');
    // g3 still runs in the slot: the answer waits for it.
    expect(h.started).not.toContain('u1');
    await h.finish('g3');
    expect(h.started).toContain('u1');
    await h.finish('u1');
    await s.onIdle();
  });

  it('runs keys that are not batching, and every job when the limit is 1, one per slot', async () => {
    for (const opts of [batch, { ...batch, maxJobs: 1 }]) {
      const h = new Harness();
      const s = new Scheduler({ concurrency: 1, caps: WIDE, batch: opts });
      const key = opts.maxJobs === 1 ? 'generate' : 'edit';
      s.submit(h.job('x1', 'a', 'chan', { batchKey: key }));
      s.submit(h.job('x2', 'b', 'chan', { batchKey: key }));
      await settle();
      expect(h.started).toEqual(['x1']);
      await h.finish('x1');
      expect(h.started).toEqual(['x1', 'x2']);
      await h.finish('x2');
      await s.onIdle();
    }
  });

  it('keeps the caps: a batch does not let one user past the per-user cap', () => {
    const h = new Harness();
    const s = new Scheduler({ concurrency: 1, caps: { perUser: 2, perChannel: 100, global: 100 }, batch });
    s.submit(gen(h, 'a1', 'a'));
    s.submit(gen(h, 'a2', 'a'));
    expect(busyError(() => s.submit(gen(h, 'a3', 'a'))).code).toBe('busy_user');
  });
});
