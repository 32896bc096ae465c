// Continuous batching: the same jobs one after another, then all at once
// through the Janus runners (as the inference worker calls them), on both
// tiny packs. Rounds alternate the two orders so the machine's load falls on
// both alike; every concurrent output is compared byte for byte with its
// sequential twin.
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createJanusRunners } from '../src/engine/janus/index.js';
import { createPackRegistry } from '../src/engine/pack-registry.js';
import { createQwenVlRunners } from '../src/engine/qwen-vl/index.js';
import type { InstalledPack, TaskContext } from '../src/engine/task-runner.js';
import type { EngineResult, GenerateTaskMeta, RawImage } from '../src/engine/types.js';
import { ALT_PACK_DIR, MAIN_PACK_DIR, janusPack } from '../test/helpers/engine/janus-packs.js';
import { cpuSessions, packLookup, testContext } from '../test/helpers/ocr-pack.js';

const THREADS = 2;
const ROUNDS = Number(process.env['BATCH_ROUNDS'] ?? 7);
const COUNTS = [1, 2, 4, 8];
/** Qwen-VL answers batch as one generate call per group (static batching): 1, 2 and 4 at once. */
const QWEN_COUNTS = [1, 2, 4];
const QWEN_PACK_DIR = fileURLToPath(new URL('../models/qwen2-vl-tiny/', import.meta.url));
/** Every round runs this many jobs on each side (8 / n sets of n), so short rounds do not carry the noise. */
const JOBS_PER_ROUND = 8;
/** The drawings every batch bench asks for (the profile too), one per job. */
export const PROMPTS = [
  'a red fox in snow',
  'a lighthouse at night',
  'two cats asleep on a green sofa',
  'rain',
  'an old map of a harbour town',
  'a bowl of soup',
  'a mountain lake at dawn',
  'a blue bicycle',
];
const QUESTIONS = ['What is in this picture?', 'Which colour is it?', 'Is there any text?', 'Describe it.'];
const ANSWER_TOKENS = 32;

interface Job {
  ms: number;
  units: number;
  digest: string;
}

interface Side {
  /** Wall time of each round. */
  walls: number[];
  /** This process's CPU time (all threads) of each round: what other work on the machine cannot stretch. */
  cpus: number[];
  /** Units (image tokens, answers) of one round. */
  units: number;
  latencies: number[];
}

type Kind = 'generate' | 'understand';

const digest = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

function photo(i: number): RawImage {
  const width = 64 + i * 9;
  const height = 48 + i * 5;
  const data = new Uint8Array(width * height * 3);
  for (let p = 0; p < data.length; p++) data[p] = (p * (29 + i * 4)) % 251;
  return { data, width, height, channels: 3 };
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** The two runners a bench job calls: Janus's generate and understand, or Qwen-VL's understand. */
interface Runners {
  generate?: ReturnType<typeof createJanusRunners>[0];
  understand: { run: ReturnType<typeof createJanusRunners>[1]['run'] };
  dispose(): Promise<void>;
}

async function runJob(runners: Runners, kind: Kind, i: number, ctx: TaskContext): Promise<Job> {
  const t = performance.now();
  if (kind === 'generate') {
    const r = (await runners.generate!.run(
      { images: [], prompt: PROMPTS[i % PROMPTS.length]!, options: { seed: 1000 + i, previews: false } },
      ctx,
    )) as EngineResult<'generate'> & { meta: GenerateTaskMeta };
    return { ms: performance.now() - t, units: r.meta.imageTokens, digest: digest(r.images![0]!.data) };
  }
  const r = await runners.understand.run(
    {
      images: [photo(i % QUESTIONS.length)],
      prompt: QUESTIONS[i % QUESTIONS.length]!,
      options: { seed: 7 + i, maxNewTokens: ANSWER_TOKENS },
    },
    ctx,
  );
  return { ms: performance.now() - t, units: 1, digest: digest(r.text ?? '') };
}

/**
 * n jobs one after another, or all at once, `reps` times over (so every round holds the same work
 * whatever n); each job's own wall time from its submit.
 */
async function side(
  runners: Runners,
  pack: InstalledPack,
  kind: Kind,
  n: number,
  together: boolean,
  reps = 1,
): Promise<{ jobs: Job[]; wallMs: number; cpuMs: number }> {
  const ctx = (): TaskContext => testContext(packLookup([pack]), cpuSessions(THREADS));
  const cpu = process.cpuUsage();
  const t = performance.now();
  const jobs: Job[] = [];
  for (let r = 0; r < reps; r++) {
    if (together)
      jobs.push(...(await Promise.all(Array.from({ length: n }, (_, i) => runJob(runners, kind, i, ctx())))));
    else for (let i = 0; i < n; i++) jobs.push(await runJob(runners, kind, i, ctx()));
  }
  const used = process.cpuUsage(cpu);
  return { jobs, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

interface Row {
  pack: string;
  kind: Kind;
  n: number;
  seq: Side;
  conc: Side;
  identical: boolean;
}

function janusRunners(): Runners {
  const [generate, understand] = createJanusRunners();
  return { generate, understand, dispose: async () => generate.dispose?.() };
}

function qwenRunners(): Runners {
  const [understand] = createQwenVlRunners();
  return { understand, dispose: async () => understand.dispose?.() };
}

function qwenPack(): InstalledPack {
  const registry = createPackRegistry(
    { modelsDirs: [QWEN_PACK_DIR], repoModelsDir: QWEN_PACK_DIR, npmPacks: [] },
    () => {},
  );
  return registry.find('understand', 'qwen2-vl')!;
}

async function measure(pack: InstalledPack, runners: Runners, kind: Kind, counts: number[] = COUNTS): Promise<Row[]> {
  // Warm-up: loads the sessions, measures the preview cost and the padding quantum.
  await side(runners, pack, kind, 2, true);
  const rows: Row[] = [];
  for (const n of counts) {
    const seq: Side = { walls: [], cpus: [], units: 0, latencies: [] };
    const conc: Side = { walls: [], cpus: [], units: 0, latencies: [] };
    let identical = true;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      const got: Record<string, string[]> = {};
      for (const together of order) {
        const { jobs, wallMs, cpuMs } = await side(runners, pack, kind, n, together, JOBS_PER_ROUND / n);
        const s = together ? conc : seq;
        s.walls.push(wallMs);
        s.cpus.push(cpuMs);
        s.units = jobs.reduce((a, j) => a + j.units, 0);
        s.latencies.push(...jobs.map((j) => j.ms));
        got[String(together)] = jobs.map((j) => j.digest);
      }
      identical &&= JSON.stringify(got['true']) === JSON.stringify(got['false']);
    }
    rows.push({ pack: pack.manifest.name, kind, n, seq, conc, identical });
  }
  await runners.dispose();
  return rows;
}

/**
 * Per second, from the best round of each side: other work on a shared machine only ever stretches a
 * round, so the fastest is the closest to what the machine does alone (the median is printed beside it).
 */
const rate = (s: Side): number => (s.units / Math.min(...s.walls)) * 1000;
const medianRate = (s: Side): number => (s.units / median(s.walls)) * 1000;
const f1 = (x: number): string => x.toFixed(1);

/**
 * Image tokens/s and answers/s for 1, 2, 4 and 8 concurrent jobs against the
 * same jobs one after another, on both tiny Janus packs, with per-job latency.
 */
export async function batchBench(): Promise<void> {
  const rows: Row[] = [];
  const loadBefore = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  for (const dir of [MAIN_PACK_DIR, ALT_PACK_DIR]) {
    for (const kind of ['generate', 'understand'] as const) {
      rows.push(...(await measure(janusPack(dir), janusRunners(), kind)));
    }
  }
  // Qwen-VL answers through transformers.js (1, 2 and 4 at once: 8 jobs a side divide them all).
  rows.push(...(await measure(qwenPack(), qwenRunners(), 'understand', QWEN_COUNTS)));
  console.log(
    `\n## Continuous batching: n jobs at once vs one after another (tiny Janus packs and the tiny Qwen2-VL pack, ${THREADS} threads, best of ${ROUNDS} rounds of ${JOBS_PER_ROUND} jobs a side, no previews)\n`,
  );
  console.log(
    '| pack | jobs | n | sequential /s | concurrent /s | speed-up | median-round speed-up | CPU-time speed-up | latency median seq / conc ms | worst seq / conc ms | same bytes |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const unit = r.kind === 'generate' ? 'image tokens' : 'answers';
    console.log(
      `| ${r.pack} | ${r.kind} (${unit}) | ${r.n} | ${f1(rate(r.seq))} | ${f1(rate(r.conc))} | ${(rate(r.conc) / rate(r.seq)).toFixed(2)}x | ${(medianRate(r.conc) / medianRate(r.seq)).toFixed(2)}x | ${(median(r.seq.cpus) / median(r.conc.cpus)).toFixed(2)}x | ` +
        `${f1(median(r.seq.latencies))} / ${f1(median(r.conc.latencies))} | ${f1(Math.max(...r.seq.latencies))} / ${f1(Math.max(...r.conc.latencies))} | ${r.identical ? 'yes' : 'NO'} |`,
    );
  }
  // The summary is the shipped pack's image generation (models/janus-tiny); the table has the rest.
  const speedup = (n: number): string => {
    const r = rows.find((x) => x.pack === 'janus-tiny' && x.kind === 'generate' && x.n === n)!;
    return (rate(r.conc) / rate(r.seq)).toFixed(2);
  };
  const identical = rows.every((r) => r.identical) ? 'yes' : 'no';
  // Other work on the 2 shared cores stretches rounds unevenly: say how busy the machine was.
  console.log(
    `\nLoad average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `\nbatch: 4 concurrent = ${speedup(4)}x sequential, 8 concurrent = ${speedup(8)}x, identical outputs: ${identical}`,
  );
}
