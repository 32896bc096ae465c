// Where a batched decode step's time goes on janus-tiny, at 2, 8 and 16
// language-model rows (1, 4 and 8 generations with their CFG pairs): each
// session's run, our JavaScript around the runs, CFG and sampling, cache
// re-layout and the loop's turn; then, for the language model alone, how much
// of a run is onnxruntime's own work (by operator, from its profiler) and how
// much the Node binding's copy of the outputs into JavaScript.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BatchLoop, type StepTiming } from '../src/engine/janus/batch-loop.js';
import { generateImage } from '../src/engine/janus/generate.js';
import { JANUS_ROLES } from '../src/engine/janus/janus-config.js';
import type { GenerateOptions } from '../src/engine/janus/janus-options.js';
import { loadJanusModel, type JanusModel } from '../src/engine/janus/janus-model.js';
import type { SessionFactory } from '../src/engine/task-runner.js';
import { MAIN_PACK_DIR, janusPack } from '../test/helpers/engine/janus-packs.js';
import { cpuSessions, packLookup, testContext } from '../test/helpers/ocr-pack.js';
import { PROMPTS } from './batch.bench.js';

const THREADS = 2;
const REPS = Number(process.env['BATCH_PROFILE_REPS'] ?? 6);
const JOBS = [1, 4, 8];
/** The models a decode step runs; the others (prompt embedding, image decode) run once a job. */
const STEP_MODELS = ['gen_img_embeds.onnx', 'language_model.onnx', 'gen_head.onnx'] as const;

/** A session factory that adds every run's wall time (its setImmediate hop included) to a total per model file. */
function timedSessions(inner: SessionFactory): SessionFactory & { totals: Map<string, number> } {
  const totals = new Map<string, number>();
  return {
    totals,
    async create(modelPath) {
      const session = await inner.create(modelPath);
      const name = modelPath.split(/[\\/]/).pop() ?? modelPath;
      const run = session.run.bind(session) as (...args: unknown[]) => Promise<ort.InferenceSession.ReturnType>;
      (session as { run: unknown }).run = async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await run(...args);
        } finally {
          totals.set(name, (totals.get(name) ?? 0) + performance.now() - t);
        }
      };
      return session;
    },
  };
}

interface Bucket {
  steps: number;
  positions: number;
  parts: Record<string, number>;
}

const PART_NAMES = [
  'gen_img_embeds run',
  'language_model run',
  'gen_head run',
  'JS feeds and outputs',
  'CFG + sampling',
  'cache re-layout',
  'loop turn, other',
] as const;

function options(i: number): GenerateOptions {
  return { seed: 1000 + i, seedWasRandom: false, cfgWeight: 5, temperature: 1, topK: 0, topP: 1, previews: false };
}

/** Runs `jobs` generations at once `REPS` times; buckets every step without a prefill by its rows. */
async function profileLoop(
  model: JanusModel,
  totals: Map<string, number>,
  jobs: number,
): Promise<{ buckets: Map<number, Bucket>; prefillMs: number; decodeMs: number }> {
  const buckets = new Map<number, Bucket>();
  let last = new Map(totals);
  const since = (name: string): number => (totals.get(name) ?? 0) - (last.get(name) ?? 0);
  const onStep = (t: StepTiming): void => {
    const runs = Object.fromEntries(STEP_MODELS.map((m) => [m, since(m)]));
    last = new Map(totals);
    if (t.prefillMs > 0) return;
    const b = buckets.get(t.rows) ?? { steps: 0, positions: 0, parts: {} };
    const parts: Record<(typeof PART_NAMES)[number], number> = {
      'gen_img_embeds run': runs['gen_img_embeds.onnx']!,
      'language_model run': runs['language_model.onnx']!,
      'gen_head run': runs['gen_head.onnx']!,
      'JS feeds and outputs':
        t.embedMs +
        t.languageMs +
        t.headsMs -
        runs['gen_img_embeds.onnx']! -
        runs['language_model.onnx']! -
        runs['gen_head.onnx']!,
      'CFG + sampling': t.nextMs,
      'cache re-layout': t.relayoutMs,
      'loop turn, other': t.totalMs - t.embedMs - t.languageMs - t.headsMs - t.nextMs - t.relayoutMs,
    };
    b.steps++;
    b.positions += t.positions;
    for (const [k, v] of Object.entries(parts)) b.parts[k] = (b.parts[k] ?? 0) + v;
    buckets.set(t.rows, b);
  };
  const loop = new BatchLoop(model, { onStep });
  const ctx = () => testContext(packLookup([]), cpuSessions(THREADS));
  let prefillMs = 0;
  let decodeMs = 0;
  for (let r = 0; r < REPS; r++) {
    const outcomes = await Promise.all(
      Array.from({ length: jobs }, (_, i) => generateImage(model, PROMPTS[i]!, options(i), ctx(), 0, loop)),
    );
    for (const o of outcomes) {
      prefillMs += o.timingsMs['prefill'] ?? 0;
      decodeMs += o.timingsMs['decode'] ?? 0;
    }
  }
  return { buckets, prefillMs: prefillMs / (REPS * jobs), decodeMs: decodeMs / (REPS * jobs) };
}

/** Random feeds for one language-model step of `rows` rows over `positions - 1` cached positions. */
function stepFeeds(session: ort.InferenceSession, rows: number, positions: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor) continue;
    const name = meta.name;
    if (name === 'attention_mask') {
      feeds[name] = new ort.Tensor('int64', new BigInt64Array(rows * positions).fill(1n), [rows, positions]);
    } else if (name === 'position_ids') {
      feeds[name] = new ort.Tensor('int64', new BigInt64Array(rows).fill(BigInt(positions - 1)), [rows, 1]);
    } else {
      const dims = meta.shape.map((d, i) =>
        typeof d === 'number' ? d : i === 0 ? rows : name.startsWith('past') ? positions - 1 : 1,
      );
      const size = dims.reduce((a, b) => a * b, 1);
      feeds[name] = new ort.Tensor(
        'float32',
        Float32Array.from({ length: size }, (_, i) => Math.sin(i) / 4),
        dims,
      );
    }
  }
  return feeds;
}

async function meanRunMs(run: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < 10; i++) await run();
  const t = performance.now();
  for (let i = 0; i < n; i++) await run();
  return (performance.now() - t) / n;
}

const GRID_ROWS = [2, 8, 16];
const GRID_POSITIONS = [8, 32, 64];

interface GridPoint {
  rows: number;
  positions: number;
  /** Best round's mean ms a run, fetching every output / the hidden state only. */
  allMs: number;
  hiddenMs: number;
  outputBytes: number;
}

/**
 * The language model alone over a grid of rows and cache positions, best of 3 rounds (rounds and
 * points interleaved so load falls on all alike); once fetching every output, once the hidden
 * state only (the difference is the binding's copy of the cache into JavaScript).
 */
async function languageModelGrid(file: string): Promise<GridPoint[]> {
  const session = await cpuSessions(THREADS).create(file);
  const hiddenName = session.outputNames.find((n) => !n.startsWith('present'))!;
  const points: GridPoint[] = [];
  for (const rows of GRID_ROWS) {
    for (const positions of GRID_POSITIONS) {
      const out = await session.run(stepFeeds(session, rows, positions));
      const outputBytes = Object.values(out).reduce((a, t) => a + (t.data as Float32Array).byteLength, 0);
      points.push({ rows, positions, allMs: Infinity, hiddenMs: Infinity, outputBytes });
    }
  }
  for (let round = 0; round < 3; round++) {
    for (const p of points) {
      const feeds = stepFeeds(session, p.rows, p.positions);
      p.allMs = Math.min(p.allMs, await meanRunMs(() => session.run(feeds), 150));
      p.hiddenMs = Math.min(p.hiddenMs, await meanRunMs(() => session.run(feeds, [hiddenName]), 150));
    }
  }
  await session.release();
  return points;
}

/** Least squares of ms = a + b * rows + c * rows * positions. */
function fitStepCost(points: readonly GridPoint[], ms: (p: GridPoint) => number): [number, number, number] {
  const xs = points.map((p) => [1, p.rows, p.rows * p.positions]);
  const m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => xs.reduce((a, x) => a + x[i]! * x[j]!, 0)));
  const v = [0, 1, 2].map((i) => xs.reduce((a, x, k) => a + x[i]! * ms(points[k]!), 0));
  // Gaussian elimination on the 3x3 normal equations.
  for (let i = 0; i < 3; i++) {
    for (let k = i + 1; k < 3; k++) {
      const f = m[k]![i]! / m[i]![i]!;
      for (let j = i; j < 3; j++) m[k]![j]! -= f * m[i]![j]!;
      v[k]! -= f * v[i]!;
    }
  }
  const x = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let sum = v[i]!;
    for (let j = i + 1; j < 3; j++) sum -= m[i]![j]! * x[j]!;
    x[i] = sum / m[i]![i]!;
  }
  return [x[0]!, x[1]!, x[2]!];
}

/** Shares of onnxruntime's node time by operator, from its own profiler (which slows every node). */
async function operatorShares(file: string, rows: number, positions: number): Promise<[string, number][]> {
  const dir = await mkdtemp(join(tmpdir(), 'scanline-ort-profile-'));
  try {
    const session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      intraOpNumThreads: THREADS,
      interOpNumThreads: 1,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
      enableProfiling: true,
      profileFilePrefix: join(dir, 'lm'),
    });
    const feeds = stepFeeds(session, rows, positions);
    for (let i = 0; i < 200; i++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    const events = JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) as {
      cat: string;
      name: string;
      dur: number;
      args?: { op_name?: string };
    }[];
    const byOp = new Map<string, number>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const op = e.args?.op_name ?? 'other';
      byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
    }
    const total = [...byOp.values()].reduce((a, v) => a + v, 0);
    return [...byOp.entries()].map(([op, us]): [string, number] => [op, us / total]).sort((a, b) => b[1] - a[1]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const f2 = (x: number): string => x.toFixed(3);
const pct = (x: number, of: number): string => `${((x / of) * 100).toFixed(0)}%`;

export async function batchProfileBench(): Promise<void> {
  const loadBefore = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const timed = timedSessions(cpuSessions(THREADS));
  const model = await loadJanusModel(janusPack(MAIN_PACK_DIR), timed);
  // Warm-up: first runs of each session and the padding quantum.
  await profileLoop(model, timed.totals, 2);

  console.log(
    `\n## Where a decode step's time goes (janus-tiny, ${THREADS} threads, ${REPS} rounds of n generations at once, steps during a prefill left out)\n`,
  );
  console.log(`| rows (jobs) | steps | positions | ms/step | ${PART_NAMES.join(' | ')} | ms per row |`);
  console.log(`|---|---:|---:|---:|${PART_NAMES.map(() => '---:').join('|')}|---:|`);
  const perJob: string[] = [];
  for (const jobs of JOBS) {
    const { buckets, prefillMs, decodeMs } = await profileLoop(model, timed.totals, jobs);
    const rows = jobs * 2;
    const b = buckets.get(rows);
    if (!b) continue;
    const total = Object.values(b.parts).reduce((a, v) => a + v, 0) / b.steps;
    const positions = Math.round(b.positions / b.steps);
    const cells = PART_NAMES.map((p) => {
      const ms = (b.parts[p] ?? 0) / b.steps;
      return `${f2(ms)} (${pct(ms, total)})`;
    });
    console.log(
      `| ${rows} (${jobs}) | ${b.steps} | ${positions} | ${f2(total)} | ${cells.join(' | ')} | ${f2(total / rows)} |`,
    );
    // Prefill and decode are timed alone: at once, a job's prefill also waits for the others'.
    if (jobs === 1) perJob.push(`prefill ${f2(prefillMs)} ms`, `final image decode ${f2(decodeMs)} ms`);
  }
  console.log(`\nOnce a job, outside the steps (alone): ${perJob.join(', ')}.`);
  await model.release();

  const file = janusPack(MAIN_PACK_DIR).file(JANUS_ROLES.languageModel);
  const grid = await languageModelGrid(file);
  console.log(
    `\n### language_model alone: a run against rows and cache positions (best of 3 rounds; "hidden only" leaves the cache in onnxruntime)\n`,
  );
  console.log('| rows | positions | run ms | run ms, hidden state only | cache copied out |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const p of grid) {
    console.log(
      `| ${p.rows} | ${p.positions} | ${f2(p.allMs)} | ${f2(p.hiddenMs)} | ${(p.outputBytes / 1e6).toFixed(2)} MB, ${f2(p.allMs - p.hiddenMs)} ms |`,
    );
  }
  // Fitted on the hidden-state-only runs: the copy out is cheap or, past a few MB a run, dominated by
  // page faults on fresh buffers (allocator state), so it is read from the table instead.
  const [a, b, c] = fitStepCost(grid, (p) => p.hiddenMs);
  const at = (rows: number, positions: number): string => {
    const total = a + b * rows + c * rows * positions;
    return `${rows} rows x ${positions} positions = ${f2(a)} fixed (${pct(a, total)}) + ${f2(b * rows)} rows (${pct(b * rows, total)}) + ${f2(c * rows * positions)} cache (${pct(c * rows * positions, total)}) = ${f2(total)} ms`;
  };
  console.log(
    `\nInside onnxruntime (hidden state only), fitted: run ms = ${f2(a)} + ${(b * 1000).toFixed(1)} us x rows + ${(c * 1e6).toFixed(0)} ns x rows x positions. ${at(2, 48)}; ${at(16, 62)}.`,
  );
  const shares = await operatorShares(file, 16, 62);
  console.log(
    `\nInside onnxruntime at 16 rows x 62 positions, share of node time by operator (its profiler on): ${shares
      .slice(0, 8)
      .map(([op, share]) => `${op} ${(share * 100).toFixed(0)}%`)
      .join(', ')}.`,
  );
  console.log(
    `\nLoad average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}
