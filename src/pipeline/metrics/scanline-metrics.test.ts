import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { ScanlineMetrics } from './scanline-metrics.js';

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ScanlineMetrics', () => {
  it('follows one job through its states: accepted, waited, ran, finished', async () => {
    const c = clock();
    const metrics = new ScanlineMetrics({ now: c.now, processMetrics: false });
    const job = metrics.job('edit', 'discord');
    job.accepted();
    expect(sample(await metrics.text(), 'scanline_jobs{task="edit",state="queued"}')).toBe(1);
    c.advance(2_000);
    job.started();
    c.advance(30_000);
    job.progressed();
    expect(metrics.lastActivity).toBe(c.now());
    c.advance(500);
    job.ended('done');
    // A second end (a late event) changes nothing.
    job.ended('failed');
    const m = await metrics.text();
    expect(sample(m, 'scanline_jobs_accepted_total{task="edit"}')).toBe(1);
    expect(sample(m, 'scanline_jobs_finished_total{task="edit",state="done"}')).toBe(1);
    expect(sample(m, 'scanline_jobs_finished_total{task="edit",state="failed"}')).toBeUndefined();
    expect(sample(m, 'scanline_jobs{task="edit",state="queued"}')).toBe(0);
    expect(sample(m, 'scanline_jobs{task="edit",state="running"}')).toBe(0);
    expect(sample(m, 'scanline_job_queue_wait_seconds_sum{task="edit"}')).toBe(2);
    expect(sample(m, 'scanline_job_duration_seconds_sum{task="edit",state="done"}')).toBe(30.5);
    expect(sample(m, 'scanline_job_duration_seconds_bucket{le="60",task="edit",state="done"}')).toBe(1);
    expect(sample(m, 'scanline_job_duration_seconds_bucket{le="30",task="edit",state="done"}')).toBe(0);
  });

  it('a job cancelled while queued has no duration; one never accepted (refused, answered at once) is not counted', async () => {
    const metrics = new ScanlineMetrics({ processMetrics: false });
    const queued = metrics.job('generate', 'slack');
    queued.accepted();
    queued.ended('cancelled');
    const refused = metrics.job('generate', 'slack');
    refused.ended('failed');
    const m = await metrics.text();
    expect(sample(m, 'scanline_jobs_accepted_total{task="generate"}')).toBe(1);
    expect(sample(m, 'scanline_jobs_finished_total{task="generate",state="cancelled"}')).toBe(1);
    expect(sample(m, 'scanline_jobs_finished_total{task="generate",state="failed"}')).toBeUndefined();
    expect(sample(m, 'scanline_jobs{task="generate",state="queued"}')).toBe(0);
    expect(m).not.toContain('scanline_job_duration_seconds_count{');
    expect(m).not.toContain('scanline_job_queue_wait_seconds_count{');
  });

  it('keeps engine steps few: the edit runner’s numbered steps are named by their operation', async () => {
    const metrics = new ScanlineMetrics({ processMetrics: false });
    metrics.engineRun('edit', { step1_recolor: 120, step2_recolor: 80, step3_caption: 10, total: 215 });
    const m = await metrics.text();
    expect(sample(m, 'scanline_engine_step_seconds_count{task="edit",step="recolor"}')).toBe(2);
    expect(sample(m, 'scanline_engine_step_seconds_sum{task="edit",step="recolor"}')).toBe(0.2);
    expect(sample(m, 'scanline_engine_step_seconds_count{task="edit",step="total"}')).toBe(1);
  });

  it('counts frames, 429s and cap refusals by their labels; reads the queue depth at each scrape', async () => {
    const metrics = new ScanlineMetrics({ processMetrics: false });
    let depth = 4;
    metrics.watchQueue(() => depth);
    const job = metrics.job('generate', 'discord');
    job.frame('sent');
    job.frame('sent');
    job.frame('superseded');
    job.frame('failed');
    metrics.rateLimited('slack');
    metrics.refused('busy_channel');
    let m = await metrics.text();
    expect(sample(m, 'scanline_preview_frames_sent_total{platform="discord"}')).toBe(2);
    expect(sample(m, 'scanline_preview_frames_dropped_total{platform="discord",reason="superseded"}')).toBe(1);
    expect(sample(m, 'scanline_preview_frames_dropped_total{platform="discord",reason="failed"}')).toBe(1);
    expect(sample(m, 'scanline_platform_rate_limited_total{platform="slack"}')).toBe(1);
    expect(sample(m, 'scanline_requests_refused_total{reason="busy_channel"}')).toBe(1);
    expect(sample(m, 'scanline_queue_depth')).toBe(4);
    depth = 0;
    m = await metrics.text();
    expect(sample(m, 'scanline_queue_depth')).toBe(0);
  });

  it('two instances in one process keep their own registries, process metrics included', async () => {
    const a = new ScanlineMetrics();
    const b = new ScanlineMetrics();
    a.refused('busy_user');
    expect(sample(await a.text(), 'scanline_requests_refused_total{reason="busy_user"}')).toBe(1);
    expect(sample(await b.text(), 'scanline_requests_refused_total{reason="busy_user"}')).toBeUndefined();
    expect(await b.text()).toMatch(/^process_resident_memory_bytes \d/m);
    expect(a.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('the scheduler reports each refusal at a cap with its reason', async () => {
    const metrics = new ScanlineMetrics({ processMetrics: false });
    const scheduler = new Scheduler({ concurrency: 1, caps: { perUser: 1, perChannel: 5, global: 5 }, metrics });
    const untilCancelled = (signal: AbortSignal) =>
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    const never = { run: untilCancelled, channelId: 'c' };
    scheduler.submit({ id: 'a', userId: 'u', ...never });
    const refusal = (() => {
      try {
        scheduler.submit({ id: 'b', userId: 'u', ...never });
      } catch (error) {
        return error;
      }
    })();
    expect(isScanlineError(refusal) && refusal.code).toBe('busy_user');
    expect(sample(await metrics.text(), 'scanline_requests_refused_total{reason="busy_user"}')).toBe(1);
    await scheduler.close();
  });
});
