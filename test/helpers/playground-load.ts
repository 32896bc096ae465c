// The playground load check shared by `npm run bench load` and the fault suite: N users x M
// requests through the HTTP API of a real serving process, counting every request's final event.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { WireEvent } from '../../src/adapters/web/index.js';
import { makeSign } from '../fixtures/text-images.js';
import { photoPath } from '../fixtures/photos/photos.js';
import { PlaygroundClient, type EventStream } from '../web/playground-client.js';
import type { FromLoadServer, GcFigures, LoopFigures, ToLoadServer } from './load-server.js';

export type LoadTask = 'ocr' | 'edit' | 'detect' | 'generate';

export interface LoadOptions {
  users: number;
  perUser: number;
  /** Tasks handed out in turn over all requests. */
  tasks?: LoadTask[];
  /** Long side of the uploaded photo (edit, detect) and of the sign (ocr). */
  photoSide?: number;
  signSide?: number;
  /** Extra settings of the serving process. */
  env?: Record<string, string>;
  /** Milliseconds between two probe requests. */
  probeEveryMs?: number;
  /** A request with no final event this long after the last event anywhere counts as lost. */
  idleTimeoutMs?: number;
  /** Writes a V8 CPU profile of the serving process into this folder. */
  cpuProfDir?: string;
}

export interface TaskFigures {
  requests: number;
  done: number;
  failed: number;
  /** Submit to final event, milliseconds. */
  p50: number;
  max: number;
}

export interface LoadReport {
  users: number;
  requests: number;
  /** Accepted with 202 by the API. */
  submitted: number;
  /** Refused by the API itself, so no job (an upload refused for good, or a submit not answered 202). */
  refusedHttp: number;
  /** Exactly one final event (done, failed or cancelled). */
  answered: number;
  done: number;
  failed: number;
  /** Failure sentences seen, with counts (caps past their limit say so here). */
  failures: Record<string, number>;
  lost: number;
  duplicated: number;
  byTask: Record<string, TaskFigures>;
  loop: LoopFigures;
  gc: GcFigures;
  probe: { count: number; p50: number; p95: number; max: number; errors: number };
  peakRssMb: number;
  wallMs: number;
  serverStartupMs: number;
}

/** Caps raised so the whole load is accepted: 200 requests in flight is the point of the check. */
export const LOAD_CAPS: Record<string, string> = {
  SCANLINE_MAX_QUEUED_PER_USER: '16',
  SCANLINE_MAX_QUEUED_PER_CHANNEL: '16',
  SCANLINE_MAX_QUEUED: '1000',
};

const FINAL_STATES = new Set(['done', 'failed', 'cancelled']);

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The serving process: a child running test/helpers/load-server.ts through tsx, with IPC. */
class ServerProcess {
  private readonly child;
  private readonly waiters: ((msg: FromLoadServer) => void)[] = [];
  private readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(env: Record<string, string>, cpuProfDir?: string) {
    const entry = fileURLToPath(new URL('./load-server.ts', import.meta.url));
    const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
    if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
    this.child = spawn(process.execPath, [...profile, '--import', import.meta.resolve('tsx'), entry], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, LOG_LEVEL: 'silent', SCANLINE_LOAD_ENV: JSON.stringify(env) },
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on('message', (msg: FromLoadServer) => this.waiters.shift()?.(msg));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  next<T extends FromLoadServer['type']>(type: T, timeoutMs = 120_000): Promise<Extract<FromLoadServer, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load server: no ${type} message\n${this.stderr}`)), timeoutMs);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`load server exited (${code}) before ${type}\n${this.stderr}`));
      });
      this.waiters.push((msg) => {
        clearTimeout(timer);
        if (msg.type === type) resolve(msg as Extract<FromLoadServer, { type: T }>);
        else reject(new Error(`load server: expected ${type}, got ${msg.type}`));
      });
    });
  }

  send(msg: ToLoadServer): void {
    this.child.send(msg);
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A trivial request every `everyMs` from a thread of its own, so the load's clients never delay it. */
const PROBE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, everyMs } = workerData;
const times = [];
let errors = 0;
let cookie = '';
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  while (!stop) {
    const started = performance.now();
    try {
      const response = await fetch(url, { headers: cookie ? { cookie } : {} });
      await response.arrayBuffer();
      const set = response.headers.getSetCookie()[0];
      if (set) cookie = set.split(';')[0];
      if (response.ok) times.push(performance.now() - started); else errors++;
    } catch { errors++; }
    const left = everyMs - (performance.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  parentPort.postMessage({ times, errors });
})();
`;

function startProbe(url: string, everyMs: number): { stop(): Promise<{ times: number[]; errors: number }> } {
  const worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { url, everyMs } });
  const result = new Promise<{ times: number[]; errors: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const out = await result;
      await worker.terminate();
      return out;
    },
  };
}

interface Inputs {
  sign: Uint8Array;
  photo: Uint8Array;
}

async function makeInputs(opts: LoadOptions): Promise<Inputs> {
  const signSide = opts.signSide ?? 800;
  const sign = (await makeSign(signSide, Math.round((signSide * 3) / 4))).png;
  const photo = await sharp(photoPath('coffee-cup.jpg'))
    .resize(opts.photoSide ?? 600, opts.photoSide ?? 600, { fit: 'inside' })
    .jpeg({ quality: 88 })
    .toBuffer();
  return { sign: new Uint8Array(sign), photo: new Uint8Array(photo) };
}

interface Sent {
  jobId?: string;
  task: LoadTask;
  at: number;
}

async function oneUser(
  url: string,
  inputs: Inputs,
  kinds: LoadTask[],
  firstIndex: number,
): Promise<{ sent: Sent[]; events: EventStream; refused: number }> {
  const client = new PlaygroundClient(url);
  await (await client.fetch('/')).arrayBuffer();
  const events = await client.events();
  let refused = 0;
  const sent = await Promise.all(
    kinds.map(async (task, j): Promise<Sent> => {
      let text: string;
      let uploads: string[] = [];
      if (task === 'generate') text = `a lighthouse at dusk --seed ${firstIndex + j}`;
      else {
        const image = task === 'ocr' ? inputs.sign : inputs.photo;
        const id = await uploadPaced(client, image, task === 'ocr' ? 'sign.png' : 'photo.jpg');
        if (!id) {
          refused++;
          return { task, at: performance.now() };
        }
        uploads = [id];
        text =
          task === 'ocr'
            ? 'read the text in this image'
            : task === 'edit'
              ? 'make it black and white'
              : 'detect objects';
      }
      const at = performance.now();
      const response = await client.postJson('/api/jobs', { text, uploads });
      if (response.status !== 202) {
        refused++;
        await response.arrayBuffer();
        return { task, at };
      }
      const { jobId } = (await response.json()) as { jobId: string };
      return { jobId, task, at };
    }),
  );
  return { sent, events, refused };
}

/** Uploads as the page does: a 429 is retried after its Retry-After. Undefined when refused for good. */
async function uploadPaced(client: PlaygroundClient, data: Uint8Array, name: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const response = await client.upload(data, name);
    if (response.status === 201) return ((await response.json()) as { image: { id: string } }).image.id;
    await response.arrayBuffer();
    if (response.status !== 429) return undefined;
    const seconds = Number(response.headers.get('retry-after') ?? 1);
    // Spread the retries so they do not all land in the same instant again.
    await new Promise((resolve) => setTimeout(resolve, seconds * 500 * (1 + Math.random())));
  }
  return undefined;
}

function isFinal(e: WireEvent): e is Extract<WireEvent, { type: 'view' }> {
  return e.type === 'view' && FINAL_STATES.has(e.view.state);
}

/** Runs the load once against a fresh serving process and reports what every request got. */
export async function runPlaygroundLoad(opts: LoadOptions): Promise<LoadReport> {
  const tasks = opts.tasks ?? ['ocr', 'edit', 'detect', 'generate'];
  const inputs = await makeInputs(opts);
  const server = new ServerProcess({ ...LOAD_CAPS, ...opts.env }, opts.cpuProfDir);
  try {
    const ready = await server.next('ready');
    // One job per task first, so model loading and first-call costs are not counted as load.
    for (const task of new Set(tasks)) {
      const warm = await oneUser(ready.url, inputs, [task], 0);
      const jobId = warm.sent[0]?.jobId;
      if (jobId) await warm.events.waitFor((e) => isFinal(e) && e.view.jobId === jobId, 120_000);
      warm.events.close();
    }

    server.send({ type: 'measure' });
    const probe = startProbe(ready.url, opts.probeEveryMs ?? 50);
    const started = performance.now();
    const users = await Promise.all(
      Array.from({ length: opts.users }, (_, u) =>
        oneUser(
          ready.url,
          inputs,
          Array.from({ length: opts.perUser }, (_, j) => tasks[(u * opts.perUser + j) % tasks.length]!),
          u * opts.perUser,
        ),
      ),
    );
    const sent = users.flatMap((u) => u.sent.map((s) => ({ ...s, events: u.events })));
    const accepted = sent.filter((s) => s.jobId !== undefined);

    // Final events per job and when the first arrived, read incrementally from each stream.
    const finalCount = new Map<string, number>();
    const finalAt = new Map<string, number>();
    const finalView = new Map<string, Extract<WireEvent, { type: 'view' }>['view']>();
    const readUpTo = users.map(() => 0);
    const collect = (): number => {
      let fresh = 0;
      users.forEach((u, i) => {
        const all = u.events.events;
        for (let k = readUpTo[i]!; k < all.length; k++) {
          const e = all[k]!;
          if (!isFinal(e)) continue;
          const id = e.view.jobId;
          finalCount.set(id, (finalCount.get(id) ?? 0) + 1);
          if (!finalAt.has(id)) {
            finalAt.set(id, performance.now());
            finalView.set(id, e.view);
          }
        }
        fresh += all.length - readUpTo[i]!;
        readUpTo[i] = all.length;
      });
      return fresh;
    };

    // Waits until every accepted job has its final event, or until nothing arrives for a while.
    const idleMs = opts.idleTimeoutMs ?? 60_000;
    let lastChange = performance.now();
    while (accepted.some((s) => !finalAt.has(s.jobId!)) && performance.now() - lastChange < idleMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (collect() > 0) lastChange = performance.now();
    }
    const wallMs = performance.now() - started;
    // Late duplicates would arrive right after the last final: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    collect();
    const probed = await probe.stop();
    server.send({ type: 'report' });
    const measured = await server.next('report');
    for (const u of users) u.events.close();

    const report: LoadReport = {
      users: opts.users,
      requests: sent.length,
      submitted: accepted.length,
      refusedHttp: users.reduce((n, u) => n + u.refused, 0),
      answered: 0,
      done: 0,
      failed: 0,
      failures: {},
      lost: 0,
      duplicated: 0,
      byTask: {},
      loop: measured.loop,
      gc: measured.gc,
      probe: {
        count: probed.times.length,
        p50: percentile(probed.times, 50),
        p95: percentile(probed.times, 95),
        max: Math.max(0, ...probed.times),
        errors: probed.errors,
      },
      peakRssMb: measured.peakRssMb,
      wallMs,
      serverStartupMs: ready.startupMs,
    };
    const latencies = new Map<string, number[]>();
    for (const s of sent) {
      const figures = (report.byTask[s.task] ??= { requests: 0, done: 0, failed: 0, p50: 0, max: 0 });
      figures.requests++;
      if (!s.jobId) continue;
      const finals = finalCount.get(s.jobId) ?? 0;
      if (finals === 0) {
        report.lost++;
        continue;
      }
      if (finals > 1) report.duplicated++;
      else report.answered++;
      const final = finalView.get(s.jobId)!;
      if (final.state === 'done') {
        report.done++;
        figures.done++;
      } else {
        report.failed++;
        figures.failed++;
        report.failures[final.status] = (report.failures[final.status] ?? 0) + 1;
      }
      const list = latencies.get(s.task) ?? [];
      list.push(finalAt.get(s.jobId)! - s.at);
      latencies.set(s.task, list);
    }
    for (const [task, list] of latencies) {
      const figures = report.byTask[task]!;
      figures.p50 = percentile(list, 50);
      figures.max = Math.max(...list);
    }
    return report;
  } finally {
    await server.close();
  }
}
