// The image safety classifier (nsfwjs MobileNetV2 on tfjs wasm): its time per image in this
// process, what it says about the labelled set, and what screening costs a tiny-pack generation
// in the real inference worker (every preview frame and the final classified) against none.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRepoModelsDir, Engine } from '../src/engine/index.js';
import { classifyImage, loadNsfwModel, NSFW_CLASSES } from '../src/engine/safety/nsfw-model.js';
import { adultScore } from '../src/engine/safety/scores.js';
import type { EngineOptions, SafetyScores, SafetyScreen } from '../src/engine/types.js';
import { labelledSet } from '../test/fixtures/safety/labelled-set.js';

const RUNS = 5;
const GENERATIONS = 4;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

const top = (s: SafetyScores) => NSFW_CLASSES.reduce((best, c) => (s[c] > s[best] ? c : best));
const outcome = (s: SafetyScores) => (adultScore(s).score >= 0.6 ? 'withhold' : s.sexy >= 0.6 ? 'spoiler' : 'post');

export async function safetyBench(): Promise<void> {
  console.log(`\n## Safety: nsfwjs MobileNetV2 on tfjs wasm\n`);
  let t = performance.now();
  const model = await loadNsfwModel();
  const loadMs = performance.now() - t;
  const set = await labelledSet();
  console.log(`Model load (package files, wasm start): ${Math.round(loadMs)} ms.\n`);
  console.log(
    '| image | size | ms (median of 5) | top class | label | porn | hentai | sexy | default policy | expected |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const all: number[] = [];
  let agree = 0;
  let right = 0;
  for (const item of set) {
    classifyImage(model, item.image);
    const times: number[] = [];
    let scores!: SafetyScores;
    for (let i = 0; i < RUNS; i += 1) {
      t = performance.now();
      scores = classifyImage(model, item.image);
      times.push(performance.now() - t);
    }
    all.push(...times);
    if (top(scores) === item.label) agree += 1;
    if (outcome(scores) === item.expected) right += 1;
    console.log(
      `| ${item.name} | ${item.image.width}x${item.image.height} | ${median(times).toFixed(0)} | ${top(scores)} | ${item.label} | ` +
        `${scores.porn.toFixed(3)} | ${scores.hentai.toFixed(3)} | ${scores.sexy.toFixed(3)} | ${outcome(scores)} | ${item.expected} |`,
    );
  }
  console.log(
    `\nAll ${set.length} pictures: median ${median(all).toFixed(0)} ms per image; top class = label for ${agree}/${set.length}; ` +
      `default-policy outcome as expected for ${right}/${set.length}.`,
  );

  // A tiny-pack generation in the real worker, screened (every frame, as the CLI asks) or not, alternating.
  // The repo's test packs are exempt from the screen (noise): a copy in a user folder is screened like a real pack.
  const dir = await mkdtemp(join(tmpdir(), 'scanline-safety-bench-'));
  await cp(join(defaultRepoModelsDir(), 'janus-tiny'), join(dir, 'janus-tiny'), { recursive: true });
  const options: EngineOptions = { device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [dir] };
  const engine = await Engine.start(options, () => {});
  try {
    const finals = { maxBytes: 8 << 20, names: ['bench'] };
    const generate = async (safety?: SafetyScreen) => {
      let frames = 0;
      const started = performance.now();
      const result = await engine.run(
        'generate',
        { images: [], prompt: 'a red apple', options: { seed: 7 }, codec: { finals }, ...(safety ? { safety } : {}) },
        { onProgress: (p) => void (p.image && (frames += 1)) },
      );
      return { ms: performance.now() - started, frames, safetyMs: result.timingsMs['safety'] ?? 0 };
    };
    await generate({ previewIntervalMs: 0 });
    await generate();
    const plain: number[] = [];
    const every: { ms: number; frames: number; safetyMs: number }[] = [];
    const paced: { ms: number; frames: number; safetyMs: number }[] = [];
    for (let i = 0; i < GENERATIONS; i += 1) {
      plain.push((await generate()).ms);
      every.push(await generate({ previewIntervalMs: 0 }));
      paced.push(await generate({ previewIntervalMs: 1200 }));
    }
    const row = (name: string, runs: { ms: number; frames: number; safetyMs: number }[]) =>
      `| ${name} | ${median(runs.map((r) => r.ms)).toFixed(0)} | ${median(runs.map((r) => r.frames))} | ` +
      `${median(runs.map((r) => r.safetyMs)).toFixed(0)} | ${(median(runs.map((r) => r.ms)) - median(plain)).toFixed(0)} |`;
    console.log(`\nTiny-pack generation (janus-tiny, seed 7), median of ${GENERATIONS}, in the inference worker:\n`);
    console.log('| screen | total ms | frames sent | classifier ms | overhead ms |');
    console.log('|---|---|---|---|---|');
    console.log(`| none | ${median(plain).toFixed(0)} | - | 0 | 0 |`);
    console.log(row('every frame (CLI)', every));
    console.log(row('a frame per 1.2 s (Discord pacing)', paced));
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
