import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from './fake-clock.js';
import { ProgressThrottle } from './progress-throttle.js';

interface Delivery {
  value: number;
  at: number;
}

/** A sink that records what it got and when; `slowMs` makes each delivery take fake time. */
function recordingSink(clock: FakeClock, slowMs = 0) {
  const deliveries: Delivery[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const deliver = async (value: number): Promise<void> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (slowMs > 0) await new Promise<void>((resolve) => clock.setTimeout(resolve, slowMs));
    deliveries.push({ value, at: clock.now() });
    inFlight--;
  };
  return { deliver, deliveries, maxInFlight: () => maxInFlight };
}

describe('ProgressThrottle', () => {
  it('delivers the first value at once and collapses a burst to the newest', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 1000, clock });
    for (let v = 1; v <= 5; v++) throttle.push(v);
    await settle();
    expect(sink.deliveries).toEqual([{ value: 1, at: 0 }]);
    await clock.advance(999);
    expect(sink.deliveries).toHaveLength(1);
    await clock.advance(1);
    expect(sink.deliveries).toEqual([
      { value: 1, at: 0 },
      { value: 5, at: 1000 },
    ]);
    expect(throttle.delivered).toBe(2);
    expect(throttle.dropped).toBe(3);
  });

  it('never delivers more often than the minimum interval under a steady stream', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 1000, clock });
    for (let t = 0; t <= 3000; t += 100) {
      throttle.push(t);
      await clock.advance(100);
    }
    const times = sink.deliveries.map((d) => d.at);
    expect(times).toEqual([0, 1000, 2000, 3000]);
    // Each delivery carries the newest value pushed by then.
    expect(sink.deliveries.map((d) => d.value)).toEqual([0, 900, 1900, 2900]);
    await throttle.flush();
    expect(sink.deliveries.at(-1)?.value).toBe(3000);
  });

  it('never overlaps a slow delivery and sends the newest value after it', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock, 2500);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 1000, clock });
    throttle.push(1);
    await clock.advance(500);
    throttle.push(2);
    await clock.advance(500);
    throttle.push(3);
    await clock.advance(4000);
    expect(sink.maxInFlight()).toBe(1);
    // 1 starts at 0 and lands at 2500; 3 starts then and lands at 5000.
    expect(sink.deliveries).toEqual([
      { value: 1, at: 2500 },
      { value: 3, at: 5000 },
    ]);
    expect(throttle.dropped).toBe(1);
  });

  it('applies a raised or lowered interval to the value already waiting', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 1000, clock });
    throttle.push(1);
    throttle.push(2);
    await clock.advance(500);
    throttle.setMinInterval(5000); // e.g. after a 429
    await clock.advance(4000);
    expect(sink.deliveries.map((d) => d.value)).toEqual([1]);
    await clock.advance(500);
    expect(sink.deliveries).toEqual([
      { value: 1, at: 0 },
      { value: 2, at: 5000 },
    ]);
    throttle.push(3);
    throttle.setMinInterval(200);
    await clock.advance(200);
    expect(sink.deliveries.at(-1)).toEqual({ value: 3, at: 5200 });
  });

  it('flush delivers the waiting value now, after the one in flight', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock, 300);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 10_000, clock });
    throttle.push(1);
    throttle.push(2);
    let flushed = false;
    const flushing = throttle.flush().then(() => (flushed = true));
    await clock.advance(299);
    expect(flushed).toBe(false);
    await clock.advance(301);
    await flushing;
    expect(sink.deliveries).toEqual([
      { value: 1, at: 300 },
      { value: 2, at: 600 },
    ]);
    // Nothing waits: flush resolves at once, and no timer is left behind.
    await throttle.flush();
    expect(clock.pendingTimers).toBe(0);
  });

  it('close drops the waiting value, waits for the one in flight and ignores later pushes', async () => {
    const clock = new FakeClock();
    const sink = recordingSink(clock, 300);
    const throttle = new ProgressThrottle(sink.deliver, { minIntervalMs: 1000, clock });
    throttle.push(1);
    throttle.push(2);
    let closed = false;
    const closing = throttle.close().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    await clock.advance(300);
    await closing;
    throttle.push(3);
    await clock.advance(5000);
    expect(sink.deliveries.map((d) => d.value)).toEqual([1]);
    expect(throttle.delivered).toBe(1);
    expect(throttle.dropped).toBe(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('passes delivery errors to onError and keeps delivering', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const got: number[] = [];
    const throttle = new ProgressThrottle(
      async (value: number) => {
        if (value === 2) throw new Error('429');
        got.push(value);
      },
      { minIntervalMs: 100, clock, onError: (e) => errors.push(e) },
    );
    throttle.push(1);
    await clock.advance(100);
    throttle.push(2);
    await clock.advance(100);
    throttle.push(3);
    await clock.advance(100);
    expect(got).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('429');
    expect(throttle.delivered).toBe(2);
  });

  it('treats a deliver that throws synchronously like a rejection', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const got: number[] = [];
    const throttle = new ProgressThrottle<number>(
      (value) => {
        if (value === 1) throw new Error('sync');
        got.push(value);
        return Promise.resolve();
      },
      { minIntervalMs: 100, clock, onError: (e) => errors.push(e) },
    );
    throttle.push(1);
    throttle.push(2);
    await clock.advance(100);
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync']);
    expect(got).toEqual([2]);
  });

  it('rejects a negative or non-finite interval', () => {
    const clock = new FakeClock();
    expect(() => new ProgressThrottle(async () => {}, { minIntervalMs: -1, clock })).toThrow(RangeError);
    const throttle = new ProgressThrottle(async () => {}, { minIntervalMs: 10, clock });
    expect(() => throttle.setMinInterval(Number.NaN)).toThrow(RangeError);
  });
});
