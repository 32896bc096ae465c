import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../test/helpers/make-request.js';
import { RecordingSink } from '../../test/helpers/recording-sink.js';
import type { RawImage } from '../engine/index.js';
import { JobViewModel } from './job-view.js';
import type { FrameOutcome } from './metrics/scanline-metrics.js';
import { ReplyPresenter, type FinalRetryReport } from './reply-presenter.js';
import { route } from './router/index.js';
import type { JobEvent } from './types.js';
import { FakeClock } from './scheduler/fake-clock.js';

/** A sink whose finals fail as scripted; `gone` and `repost` behave like a chat platform's. */
class FlakySink extends RecordingSink {
  /** Finals that fail before one lands. */
  failures = 0;
  gone = false;
  reposts = 0;
  /** The reply is deleted during the next final call. */
  deleteOnNextFinal = false;

  override async finish(...args: Parameters<RecordingSink['finish']>): Promise<void> {
    this.final();
    await super.finish(...args);
  }

  override async fail(...args: Parameters<RecordingSink['fail']>): Promise<void> {
    this.final();
    await super.fail(...args);
  }

  repost(): void {
    this.reposts += 1;
    this.gone = false;
  }

  /** Failures whose message says "permanent" cannot be retried away. */
  isPermanent(error: unknown): boolean {
    return error instanceof Error && error.message.includes('permanent');
  }

  /** The next final fails with a permanent error. */
  permanentFailure = false;

  private final(): void {
    if (this.permanentFailure) throw new Error('not_in_channel (permanent)');
    if (this.deleteOnNextFinal) {
      this.deleteOnNextFinal = false;
      this.gone = true;
      return;
    }
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('500 Internal Server Error');
    }
  }
}

function setup(sink: FlakySink, signal?: AbortSignal) {
  const clock = new FakeClock();
  const reports: FinalRetryReport[] = [];
  const plan = route(makeRequest({ text: 'draw a cat' }));
  const view = new JobViewModel('job-1', plan);
  const presenter = new ReplyPresenter(sink, {
    render: (event) => view.apply(event),
    clock,
    onError: () => undefined,
    onFinalRetried: (r) => reports.push(r),
    random: () => 0.5,
    ...(signal ? { signal } : {}),
  });
  presenter.show({ type: 'queued', position: 1 });
  return { clock, presenter, reports };
}

const done: Extract<JobEvent, { type: 'done' }> = { type: 'done', images: [], text: 'a cat' };

/** Advances the fake clock in steps until `promise` settles. */
async function run(clock: FakeClock, promise: Promise<void>, stepMs = 1000, maxMs = 60 * 60_000): Promise<unknown> {
  let settled = false;
  let error: unknown;
  void promise.then(
    () => (settled = true),
    (e: unknown) => {
      settled = true;
      error = e;
    },
  );
  for (let t = 0; !settled && t < maxMs; t += stepMs) await clock.advance(stepMs);
  if (!settled) throw new Error('the final never settled');
  return error;
}

describe('ReplyPresenter finals', () => {
  it('retries a failing final with growing waits until it lands, and reports it once', async () => {
    const sink = new FlakySink();
    sink.failures = 5;
    const { clock, presenter, reports } = setup(sink);
    expect(await run(clock, presenter.finish(done))).toBeUndefined();
    expect(sink.events('done')).toHaveLength(1);
    expect(reports).toEqual([{ attempts: 6, ms: expect.any(Number), reposted: false }]);
    // 0.75 of 1, 2, 4, 8, 16 s with the fixed jitter: 23.25 s of waiting before the sixth attempt.
    expect(reports[0]?.ms).toBeGreaterThanOrEqual(23_250);
  });

  it('keeps trying for minutes, then posts a new reply, then gives up after ten', async () => {
    const sink = new FlakySink();
    sink.failures = Number.POSITIVE_INFINITY;
    const { clock, presenter, reports } = setup(sink);
    const error = await run(clock, presenter.finish(done), 5000);
    expect(String(error)).toMatch(/not delivered after \d+ attempts/);
    expect(sink.reposts).toBe(1);
    expect(reports).toEqual([]);
    expect(clock.now()).toBeGreaterThanOrEqual(9 * 60_000);
  });

  it('stops at once on a failure the sink calls permanent (no access to the channel)', async () => {
    const sink = new FlakySink();
    sink.permanentFailure = true;
    const { clock, presenter } = setup(sink);
    const error = await run(clock, presenter.finish(done));
    expect(String(error)).toMatch(/permanent platform error\) after 1 attempts/);
    expect(sink.reposts).toBe(0);
  });

  it('moves the result to a new reply at once when the old one was deleted', async () => {
    const sink = new FlakySink();
    sink.deleteOnNextFinal = true;
    const { clock, presenter, reports } = setup(sink);
    expect(await run(clock, presenter.finish(done))).toBeUndefined();
    expect(sink.reposts).toBe(1);
    expect(reports).toEqual([{ attempts: 2, ms: 0, reposted: true }]);
  });

  it('leaves a deleted reply alone when the job was cancelled', async () => {
    const sink = new FlakySink();
    sink.gone = true;
    const { clock, presenter } = setup(sink);
    expect(await run(clock, presenter.fail({ type: 'cancelled' }))).toBeUndefined();
    expect(sink.reposts).toBe(0);
    expect(sink.events('cancelled')).toHaveLength(0);
  });

  it('a cancelled job whose reply still exists is retried too: no reply keeps saying queued', async () => {
    const sink = new FlakySink();
    sink.failures = 2;
    const { clock, presenter } = setup(sink);
    expect(await run(clock, presenter.fail({ type: 'cancelled' }))).toBeUndefined();
    expect(sink.lastView?.state).toBe('cancelled');
  });

  it('at shutdown a failing final gets one last attempt instead of minutes', async () => {
    const sink = new FlakySink();
    sink.failures = Number.POSITIVE_INFINITY;
    const stop = new AbortController();
    const { clock, presenter } = setup(sink, stop.signal);
    const final = presenter.finish(done);
    await clock.advance(0);
    stop.abort();
    expect(String(await run(clock, final, 1))).toMatch(/after 2 attempts/);
  });
});

/** A sink whose pace is held until the test lets it go, as a busy channel's pacer or workspace budget would. */
class PacedSink extends RecordingSink {
  paces = 0;
  private release: (() => void) | undefined;
  pace(signal: AbortSignal): Promise<void> {
    this.paces += 1;
    return new Promise((resolve) => {
      this.release = resolve;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
  letGo(): void {
    this.release?.();
    this.release = undefined;
  }
}

describe('ReplyPresenter pacing', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  const presenterFor = (sink: RecordingSink) => {
    const view = new JobViewModel('job-1', route(makeRequest({ text: 'draw a cat' })));
    return new ReplyPresenter(sink, { render: (event) => view.apply(event), onError: () => undefined });
  };

  it('waits for the platform’s pace before an update and then shows the newest step, not a backlog', async () => {
    const sink = new PacedSink();
    const presenter = presenterFor(sink);
    presenter.show({ type: 'started' });
    presenter.show({ type: 'progress', fraction: 0.1 });
    await tick();
    expect(sink.paces).toBe(1);
    // Steps that come while the pace holds replace each other.
    presenter.show({ type: 'progress', fraction: 0.2 });
    presenter.show({ type: 'progress', fraction: 0.3 });
    sink.letGo();
    await tick();
    const shown = sink.calls.filter((c) => c.method === 'update').map((c) => c.event);
    expect(shown).toEqual([{ type: 'progress', fraction: 0.3 }]);
    expect(sink.paces).toBe(1);
  });

  it('a final cuts a held pace short and lands without the stale frame', async () => {
    const sink = new PacedSink();
    const presenter = presenterFor(sink);
    presenter.show({ type: 'started' });
    presenter.show({ type: 'progress', fraction: 0.5 });
    await tick();
    await presenter.finish({ type: 'done', images: [], text: 'a cat' });
    expect(sink.calls.map((c) => c.method)).toEqual(['open', 'finish']);
  });
});

describe('ReplyPresenter preview frames (for the metrics)', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  /** Until the presenter has told `n` outcomes (a frame is encoded by sharp before it is sent). */
  const told = async (outcomes: FrameOutcome[], n: number): Promise<void> => {
    for (let i = 0; outcomes.length < n && i < 400; i++) await tick();
  };
  const frame = (): RawImage => ({ data: new Uint8Array(4 * 4 * 3).fill(128), width: 4, height: 4, channels: 3 });

  class FailingUpdates extends PacedSink {
    failUpdates = false;
    override async update(...args: Parameters<RecordingSink['update']>): Promise<void> {
      if (this.failUpdates) throw new Error('429 Too Many Requests');
      await super.update(...args);
    }
  }

  it('tells each frame sent, superseded by a newer one, cut by the final, or failed; text-only steps are no frames', async () => {
    const sink = new FailingUpdates();
    const outcomes: FrameOutcome[] = [];
    const view = new JobViewModel('job-1', route(makeRequest({ text: 'draw a cat' })));
    const presenter = new ReplyPresenter(sink, {
      render: (event) => view.apply(event),
      onError: () => undefined,
      onFrame: (outcome) => outcomes.push(outcome),
    });
    presenter.show({ type: 'started' });
    presenter.show({ type: 'progress', fraction: 0.1, image: frame() });
    await tick();
    // While the pace holds: a newer frame replaces the waiting one; a text-only step keeps it.
    presenter.show({ type: 'progress', fraction: 0.2, image: frame() });
    presenter.show({ type: 'progress', fraction: 0.3, text: 'rows 8/24' });
    sink.letGo();
    await told(outcomes, 2);
    expect(outcomes).toEqual(['superseded', 'sent']);

    sink.failUpdates = true;
    presenter.show({ type: 'progress', fraction: 0.5, image: frame() });
    await tick();
    sink.letGo();
    await told(outcomes, 3);
    expect(outcomes).toEqual(['superseded', 'sent', 'failed']);

    presenter.show({ type: 'progress', fraction: 0.7, image: frame() });
    await tick();
    await presenter.finish({ type: 'done', images: [], text: 'a cat' });
    expect(outcomes).toEqual(['superseded', 'sent', 'failed', 'ended']);
  });
});
