// Continuous batching keeps every job's output: on both tiny Janus packs, a
// seed's image (and an answer's tokens) is the same bytes alone or in a batch
// of 2, 4 or 8 jobs that join mid-run with other prompts, and cancelling one
// job of a running batch leaves the others' bytes unchanged.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAlignment } from '../src/engine/janus/alignment.js';
import { BatchLoop, type BatchSequence, type StepTiming } from '../src/engine/janus/batch-loop.js';
import { generateImage } from '../src/engine/janus/generate.js';
import type { GenerateOptions, UnderstandOptions } from '../src/engine/janus/janus-options.js';
import { loadJanusModel, type JanusModel } from '../src/engine/janus/janus-model.js';
import { createRng } from '../src/engine/janus/rng.js';
import { guide, sample } from '../src/engine/janus/sampler.js';
import { answerQuestion } from '../src/engine/janus/understand.js';
import type { RawImage } from '../src/engine/types.js';
import { ALT_PACK_DIR, MAIN_PACK_DIR, janusPack } from './helpers/engine/janus-packs.js';
import { cpuSessions, packLookup, testContext } from './helpers/ocr-pack.js';

const PROMPTS = [
  'a red fox in snow',
  'a lighthouse',
  'two cats asleep on a green sofa by the window',
  'rain',
  'an old map of a harbour town with ships',
  'a bowl of soup',
  'a mountain lake at dawn, mist over the water',
  'a blue bicycle',
];
const QUESTIONS = ['What is in this picture?', 'Which colour?', 'Is there text in it, and what does it say?', 'Why?'];

function generateOptions(i: number): GenerateOptions {
  // Sampling at temperature 1 (the default): the least rounding difference would change tokens.
  return { seed: 100 + i, seedWasRandom: false, cfgWeight: 5, temperature: 1, topK: 0, topP: 1, previews: i % 2 === 0 };
}

function photo(seed: number): RawImage {
  const width = 40 + seed * 7;
  const height = 30 + seed * 5;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * (31 + seed * 6)) % 251;
  return { data, width, height, channels: 3 };
}

const hash = (image: RawImage): string => createHash('sha256').update(image.data).digest('hex');
const ctx = () => testContext(packLookup([]), cpuSessions(1));

/** Resolves once the loop has taken `steps` decode steps (or went idle). */
async function afterSteps(loop: BatchLoop, steps: number): Promise<void> {
  while (loop.stats.steps < steps && loop.size > 0) await new Promise((resolve) => setImmediate(resolve));
}

describe.each([
  ['janus-tiny', MAIN_PACK_DIR],
  ['janus-tiny-alt', ALT_PACK_DIR],
])('continuous batching on %s', (_name, dir) => {
  let model: JanusModel;
  const alone: string[] = [];
  const aloneAnswers: number[][] = [];

  beforeAll(async () => {
    model = await loadJanusModel(janusPack(dir), cpuSessions(1));
    for (let i = 0; i < PROMPTS.length; i++) {
      alone.push(hash((await generateImage(model, PROMPTS[i]!, generateOptions(i), ctx(), 0)).image));
    }
    for (let i = 0; i < QUESTIONS.length; i++) {
      aloneAnswers.push((await answerQuestion(model, photo(i), QUESTIONS[i]!, answerOptions(i), ctx())).ids);
    }
  });

  afterAll(async () => {
    await model?.release();
  });

  function answerOptions(i: number): UnderstandOptions {
    return { seed: 7 + i, temperature: i % 2 === 0 ? 0 : 0.8, topK: 0, topP: 1, maxNewTokens: 24 };
  }

  it('measures a padding quantum on this CPU (rows of one call independent)', async () => {
    const alignment = await measureAlignment(model);
    expect(alignment.rowsIndependent).toBe(true);
    expect(alignment.quantum).toBeGreaterThan(0);
  });

  it.each([2, 4, 8])('draws the same bytes for each seed in a batch of %i joining mid-run', async (n) => {
    const loop = new BatchLoop(model);
    const jobs: Promise<string>[] = [];
    for (let i = 0; i < n; i++) {
      // Joins while the others run, with prompts of other lengths: the padding and alignment paths.
      await afterSteps(loop, i * 3);
      jobs.push(generateImage(model, PROMPTS[i]!, generateOptions(i), ctx(), 0, loop).then((o) => hash(o.image)));
    }
    expect(await Promise.all(jobs)).toEqual(alone.slice(0, n));
    // They really ran together: some step carried every job's CFG pair.
    expect(loop.stats.peakRows).toBe(2 * n);
  });

  /** A generation-shaped sequence that hashes the bits of every logits row it is given. */
  function probe(i: number, steps: number): { seq: BatchSequence; digest: () => string } {
    const sha = createHash('sha256');
    const rng = createRng(i);
    let taken = 0;
    const seq: BatchSequence = {
      rows: 2,
      head: 'image',
      remaining: () => steps - taken,
      async prefill() {
        const cond = model.tokenizer.generationPrompt(PROMPTS[i]!);
        const uncond = model.tokenizer.unconditional(cond);
        return { embeds: await model.embed({ ids: [cond, uncond] }), masks: [cond.map(() => 1), uncond.map(() => 0)] };
      },
      async next(logits) {
        for (const row of logits) sha.update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
        const token = sample(guide(logits[0]!, logits[1]!, 5), { temperature: 1, topK: 0, topP: 1 }, rng);
        return ++taken === steps ? undefined : [token, token];
      },
      throwIfAborted: () => undefined,
    };
    return { seq, digest: () => sha.digest('hex') };
  }

  it('gives every step the same logits bits alone and in a batch of 8 joining mid-run', async () => {
    const steps = 40;
    const single: string[] = [];
    for (let i = 0; i < 8; i++) {
      const p = probe(i, steps);
      await new BatchLoop(model).run(p.seq);
      single.push(p.digest());
    }
    const loop = new BatchLoop(model);
    const probes = [];
    for (let i = 0; i < 8; i++) {
      await afterSteps(loop, i * 3);
      const p = probe(i, steps);
      probes.push(loop.run(p.seq).then(() => p.digest()));
    }
    expect(await Promise.all(probes)).toEqual(single);
    expect(loop.stats.peakRows).toBe(16);
  });

  it('reports every decode step to onStep with its rows and cache positions, and the same bytes', async () => {
    const timings: StepTiming[] = [];
    const loop = new BatchLoop(model, { onStep: (t) => timings.push(t) });
    const jobs = [0, 1].map((i) =>
      generateImage(model, PROMPTS[i]!, generateOptions(i), ctx(), 0, loop).then((o) => hash(o.image)),
    );
    expect(await Promise.all(jobs)).toEqual(alone.slice(0, 2));
    expect(timings).toHaveLength(loop.stats.steps);
    expect(timings.reduce((n, t) => n + t.rows, 0)).toBe(loop.stats.rowSteps);
    expect(Math.max(...timings.map((t) => t.rows))).toBe(4);
    // Cache positions grow by one a step while the members stay (a join or leave re-lays them).
    const steady = timings.filter((t, i) => i > 0 && t.rows === timings[i - 1]!.rows);
    expect(steady.every((t) => t.positions === timings[timings.indexOf(t) - 1]!.positions + 1)).toBe(true);
    // The two prefills run in the first loop turn; no later step carries one.
    expect(timings.slice(1).every((t) => t.prefillMs === 0)).toBe(true);
  });

  it('leaves the others unchanged when one job of a running batch is cancelled', async () => {
    const loop = new BatchLoop(model);
    const contexts = [0, 1, 2, 3].map(() => ctx());
    const jobs = contexts.map((c, i) =>
      generateImage(model, PROMPTS[i]!, generateOptions(i), c, 0, loop).then(
        (o) => hash(o.image),
        (error: unknown) => (error instanceof Error ? error.name : String(error)),
      ),
    );
    await afterSteps(loop, 20);
    contexts[2]!.abort();
    const results = await Promise.all(jobs);
    expect(results[2]).toBe('AbortError');
    expect([results[0], results[1], results[3]]).toEqual([alone[0], alone[1], alone[3]]);
    expect(loop.stats.peakRows).toBe(8);
  });

  it('makes a job wait while the batch would pass the KV cache cap, then runs it with the same bytes', async () => {
    // Room for one generation's cache at full length, not two: each runs alone.
    const prompt = Math.max(...PROMPTS.slice(0, 3).map((p) => model.tokenizer.generationPrompt(p).length));
    const perJob = 2 * (prompt + model.config.numImageTokens) * model.cacheBytesPerPosition;
    const loop = new BatchLoop(model, { maxCacheBytes: perJob });
    const jobs = [0, 1, 2].map((i) =>
      generateImage(model, PROMPTS[i]!, generateOptions(i), ctx(), 0, loop).then((o) => hash(o.image)),
    );
    expect(await Promise.all(jobs)).toEqual(alone.slice(0, 3));
    expect(loop.stats.peakRows).toBe(2);
  });

  it('drops a job cancelled while it waits to join, before the running one ends', async () => {
    const prompt = Math.max(...PROMPTS.slice(0, 3).map((p) => model.tokenizer.generationPrompt(p).length));
    const loop = new BatchLoop(model, {
      maxCacheBytes: 2 * (prompt + model.config.numImageTokens) * model.cacheBytesPerPosition,
    });
    const settled: string[] = [];
    const contexts = [0, 1, 2].map(() => ctx());
    const jobs = contexts.map((c, i) =>
      generateImage(model, PROMPTS[i]!, generateOptions(i), c, 0, loop).then(
        (o) => {
          settled.push(`done ${i}`);
          return hash(o.image);
        },
        (error: unknown) => {
          settled.push(`failed ${i}`);
          return error instanceof Error ? error.name : String(error);
        },
      ),
    );
    await afterSteps(loop, 5);
    contexts[1]!.abort();
    expect(await Promise.all(jobs)).toEqual([alone[0], 'AbortError', alone[2]]);
    expect(settled).toEqual(['failed 1', 'done 0', 'done 2']);
  });

  it('answers with the same tokens alone and in a batch of 4, beside a generation', async () => {
    const loop = new BatchLoop(model);
    const image = generateImage(model, PROMPTS[5]!, generateOptions(5), ctx(), 0, loop).then((o) => hash(o.image));
    const answers: Promise<number[]>[] = [];
    for (let i = 0; i < QUESTIONS.length; i++) {
      await afterSteps(loop, i * 2);
      answers.push(answerQuestion(model, photo(i), QUESTIONS[i]!, answerOptions(i), ctx(), loop).then((o) => o.ids));
    }
    expect(await Promise.all(answers)).toEqual(aloneAnswers);
    expect(await image).toBe(alone[5]);
    expect(loop.stats.peakRows).toBeGreaterThan(2);
  });
});
