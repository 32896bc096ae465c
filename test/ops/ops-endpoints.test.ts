// End to end: the ops server (/metrics, /healthz) on the real runtime. A job through the playground
// shows up in the job, duration, engine and preview series; a Discord 429 storm in the rate-limit
// series; /healthz says starting, ok, and degraded while the inference worker is down.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebAdapter, type Playground } from '../../src/adapters/web/index.js';
import { startOps, type Ops } from '../../src/bots/ops/ops.js';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { loadConfig } from '../../src/common/config.js';
import { ScanlineMetrics } from '../../src/pipeline/index.js';
import { makeSign } from '../fixtures/text-images.js';
import {
  silentLog,
  startHarness,
  waitForFinal,
  waitForReplyTo,
  type Harness,
} from '../fakes/discord/adapter-harness.js';
import { PlaygroundClient } from '../web/playground-client.js';

/** One sample of a series, by its exact labels as prom-client writes them (`name{a="x",b="y"}`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function get(url: string, init: RequestInit = {}): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

interface Health {
  status: string;
  problems: string[];
  checks: Record<string, { ok: boolean; detail: string }>;
}

async function health(ops: Ops): Promise<{ status: number; report: Health }> {
  const res = await get(`${ops.url}/healthz`);
  expect(res.type).toBe('application/json; charset=utf-8');
  return { status: res.status, report: JSON.parse(res.body) as Health };
}

describe('the ops server beside the playground', () => {
  let dir: string;
  let runtime: Runtime;
  let playground: Playground;
  let ops: Ops;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scanline-ops-'));
    const config = loadConfig({
      HOME: dir,
      SCANLINE_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      SCANLINE_METRICS_PORT: '9464',
    });
    const metrics = new ScanlineMetrics();
    runtime = await startRuntime(config, silentLog, { journal: 'memory', metrics });
    ops = await startOps(runtime, metrics, { host: '127.0.0.1', port: 0 }, silentLog);
  }, 60_000);

  afterAll(async () => {
    await playground?.close();
    await runtime?.close();
    await ops?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says starting until the adapters are up, then ok', async () => {
    const starting = await health(ops);
    expect(starting.status).toBe(503);
    expect(starting.report.status).toBe('starting');

    const config = loadConfig({ HOME: dir, SCANLINE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    playground = await startWebAdapter(
      runtime,
      { ...config, playground: { ...config.playground, port: 0 } },
      silentLog,
    );
    ops.health.adapter('playground', () => playground.health());
    ops.health.ready();
    const ok = await health(ops);
    expect(ok.status).toBe(200);
    expect(ok.report).toMatchObject({
      status: 'ok',
      problems: [],
      checks: {
        engine: { ok: true, detail: 'the inference worker is up' },
        queue: { ok: true, detail: 'idle' },
        playground: { ok: true },
      },
    });
  });

  it('counts drawn jobs: each accepted and finished once, one duration and queue wait, engine steps, preview frames', async () => {
    const client = new PlaygroundClient(playground.url);
    expect((await client.fetch('/api/info')).status).toBe(200);
    const events = await client.events();
    // A 0.4 s tiny-pack drawing on a loaded machine may end before its first preview is due: draw again (at most
    // 4 times) until one showed a frame, so the frame counters are checked against a real one.
    let drawn = 0;
    let previews = 0;
    while (drawn < 4 && previews === 0) {
      const jobId = await client.submit({ text: `a lighthouse at dusk --seed ${7 + drawn}` });
      expect((await events.end(jobId)).state).toBe('done');
      drawn++;
      previews += events.views(jobId).filter((v) => v.state === 'running' && v.preview).length;
    }
    events.close();

    const res = await get(`${ops.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = res.body;
    expect(sample(m, 'scanline_jobs_accepted_total{task="generate"}')).toBe(drawn);
    expect(sample(m, 'scanline_jobs_finished_total{task="generate",state="done"}')).toBe(drawn);
    expect(sample(m, 'scanline_job_duration_seconds_count{task="generate",state="done"}')).toBe(drawn);
    expect(sample(m, 'scanline_job_queue_wait_seconds_count{task="generate"}')).toBe(drawn);
    expect(sample(m, 'scanline_jobs{task="generate",state="running"}')).toBe(0);
    expect(sample(m, 'scanline_engine_step_seconds_count{task="generate",step="total"}')).toBe(drawn);
    const sent = sample(m, 'scanline_preview_frames_sent_total{platform="web"}') ?? 0;
    // The page shows a frame only if the presenter sent it; frames the presenter dropped are counted apart.
    expect(previews).toBeGreaterThan(0);
    expect(sent).toBeGreaterThanOrEqual(previews);
    expect(sample(m, 'scanline_queue_depth')).toBe(0);
    expect(sample(m, 'scanline_workers')).toBe(1);
    // prom-client's process metrics share the registry.
    expect(m).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(m).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('says degraded while the inference worker is down, and ok once a job has restarted it', async () => {
    const worker = (runtime.engine as unknown as { handle?: { worker: Worker } }).handle?.worker;
    expect(worker).toBeDefined();
    await worker?.terminate();
    const down = await health(ops);
    expect(down.status).toBe(503);
    expect(down.report.status).toBe('degraded');
    expect(down.report.checks['engine']?.ok).toBe(false);
    expect(down.report.problems).toEqual([
      expect.stringMatching(
        /^engine: the inference worker stopped \(exit code \d+\) \d+ s ago; it restarts on the next request$/,
      ),
    ]);

    const client = new PlaygroundClient(playground.url);
    expect((await client.fetch('/api/info')).status).toBe(200);
    const events = await client.events();
    expect((await events.end(await client.submit({ text: 'a small boat --seed 3' }))).state).toBe('done');
    events.close();
    const up = await health(ops);
    expect(up.status).toBe(200);
    expect(up.report.status).toBe('ok');
  });

  it('answers only GET and HEAD on its two paths, to loopback host names, with small fixed answers', async () => {
    const post = await get(`${ops.url}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect((await fetch(`${ops.url}/metrics`, { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
    expect((await get(`${ops.url}/`)).status).toBe(404);

    const head = await fetch(`${ops.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    expect(head.headers.get('cache-control')).toBe('no-store');

    // A page on another name (DNS rebinding) cannot read it.
    const rebound = await rawGet(ops.url, '/metrics', { host: 'evil.example:80' });
    expect(rebound.status).toBe(403);
    expect((await rawGet(ops.url, '/healthz', { host: 'localhost' })).status).toBe(200);
  });
});

describe('the ops server with a token', () => {
  it('refuses a request without the bearer token, and answers one with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanline-ops-'));
    const config = loadConfig({ HOME: dir, SCANLINE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const metrics = new ScanlineMetrics({ processMetrics: false });
    const runtime = await startRuntime(config, silentLog, { journal: 'memory', metrics });
    const token = 'an-ops-token-for-tests';
    const ops = await startOps(runtime, metrics, { host: '127.0.0.1', port: 0, token }, silentLog);
    try {
      const refused = await fetch(`${ops.url}/metrics`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(
        (await get(`${ops.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status,
      ).toBe(401);
      const ok = await get(`${ops.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('scanline_workers 1');
      expect(ok.body).not.toContain('process_cpu');
    } finally {
      await runtime.close();
      await ops.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the ops server beside Discord', () => {
  let h: Harness;
  let ops: Ops;
  let metrics: ScanlineMetrics;

  beforeAll(async () => {
    metrics = new ScanlineMetrics({ processMetrics: false });
    h = await startHarness({ metrics });
    ops = await startOps(h.runtime, metrics, { host: '127.0.0.1', port: 0 }, silentLog);
    ops.health.adapter('discord', () => h.adapter.health());
    ops.health.ready();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await ops?.close();
  });

  it("counts Discord's 429s and the job that rode them out; the gateway shows as connected", async () => {
    const { fake } = h;
    const sign = fake.hostFile('sign.png', (await makeSign()).png, 'image/png');
    fake.limits.startStorm(3, 0.3);
    const asked = fake.postMessage({
      author: fake.alice,
      content: 'read the text',
      mentionBot: true,
      attachments: [sign],
    });
    await waitForFinal(fake, (await waitForReplyTo(fake, asked)).id);
    const refused = fake.requests.filter((r) => r.status === 429).length;
    expect(refused).toBe(3);

    const m = (await get(`${ops.url}/metrics`)).body;
    expect(sample(m, 'scanline_platform_rate_limited_total{platform="discord"}')).toBe(refused);
    expect(sample(m, 'scanline_jobs_finished_total{task="ocr",state="done"}')).toBe(1);
    expect(sample(m, 'scanline_job_duration_seconds_count{task="ocr",state="done"}')).toBe(1);
    const { status, report } = await health(ops);
    expect(status).toBe(200);
    expect(report.checks['discord']).toEqual({ ok: true, detail: 'connected to the gateway' });
  });
});

/** A GET with headers fetch() will not let us set (Host). */
async function rawGet(base: string, path: string, headers: Record<string, string>): Promise<{ status: number }> {
  const { request } = await import('node:http');
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
    req.end();
  });
}
