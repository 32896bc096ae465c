// Makes the images the safety tests need: pictures the REAL nsfwjs model flags that are legal to
// ship, because they show nothing adult. Each is a smooth colour field (a 14x14 grid of colours,
// stretched to 224x224) found by black-box search against the model: natural evolution strategies
// on the classifier's scores alone (no gradients; the wasm backend has none), judged through the
// same classifyImage() the bot runs. To a person, and to the model:
//   flagged.png    colour blobs alone; porn (>= 0.9): withheld where adult content is not allowed;
//   borderline.png the committed coffee-cup photo tinted by the field (at most 35%): no person
//                  sexy (>= 0.7) with porn and hentai under 0.3: posted as a spoiler.
// Their colour negatives are NOT flagged (checked here and in the tests), so "invert the colours"
// on the negative makes a flagged result from an input that passes: the end-to-end tests' way to
// have a result withheld by the real classifier.
//
//   npx tsx scripts/make-safety-fixtures.ts     (a few minutes on 2 cores; writes test/fixtures/safety/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { tf } from '../src/engine/detect/tfjs-wasm.js';
import { NSFW_CLASSES, NSFW_INPUT_SIDE, classifyImage, loadNsfwModel } from '../src/engine/safety/nsfw-model.js';
import type { RawImage, SafetyScores } from '../src/engine/types.js';

const OUT = fileURLToPath(new URL('../test/fixtures/safety/', import.meta.url));
const SIDE = NSFW_INPUT_SIDE;
const GRID = 14;
const DIMS = GRID * GRID * 3;
/** Antithetic pairs per step (one batch of 2 * PAIRS pictures through the model). */
const PAIRS = 12;
const SIGMA = 0.5;
const RATE = 0.3;
const MAX_STEPS = 400;
/** A fixed seed, restarted for each picture: the same run makes the same pictures. */
const SEED = 20261202;
let seed = SEED;

type Label = (typeof NSFW_CLASSES)[number];
const col = (label: Label) => NSFW_CLASSES.indexOf(label);

interface Goal {
  file: string;
  /** A committed photo the colour field is laid over (at most +-BLEND), or none: the field alone. */
  base?: string;
  /** Log-probability reward for a row of class probabilities. */
  reward: (p: Float32Array, o: number) => number;
  met: (s: SafetyScores) => boolean;
}

const LOG = (x: number) => Math.log(Math.max(x, 1e-6));
const GOALS: Goal[] = [
  {
    file: 'flagged.png',
    reward: (p, o) => LOG(p[o + col('porn')]!),
    met: (s) => s.porn >= 0.9,
  },
  {
    file: 'borderline.png',
    base: '../test/fixtures/photos/coffee-cup.jpg',
    reward: (p, o) => LOG(p[o + col('sexy')]!) + 0.5 * LOG(1 - p[o + col('porn')]! - p[o + col('hentai')]!),
    met: (s) => s.sexy >= 0.7 && s.porn < 0.3 && s.hentai < 0.3,
  },
];
/** The colour negative stays clear of every adult class. */
const negativeClear = (s: SafetyScores) => s.porn + s.hentai + s.sexy < 0.3;

function gaussian(): number {
  // Mulberry32 + Box-Muller: reproducible without a dependency.
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

/** How far the field may move a base photo's pixels (0-1). */
const BLEND = 0.35;
let base: tf.Tensor3D | undefined;

/**
 * Parameters (any real numbers) to pictures in [0,1]: a sigmoid per grid colour, stretched
 * bilinearly; over a base photo, the field moves it by at most BLEND.
 */
function pictures(thetas: Float32Array[]): tf.Tensor4D {
  return tf.tidy(() => {
    const flat = new Float32Array(thetas.length * DIMS);
    thetas.forEach((th, i) => flat.set(th, i * DIMS));
    const grid = tf.tensor4d(flat, [thetas.length, GRID, GRID, 3]);
    if (!base) return tf.image.resizeBilinear(tf.sigmoid(grid) as tf.Tensor4D, [SIDE, SIDE], true);
    const field = tf.image.resizeBilinear(tf.mul(tf.tanh(grid), BLEND) as tf.Tensor4D, [SIDE, SIDE], true);
    return tf.clipByValue(tf.add(field, base), 0, 1) as tf.Tensor4D;
  });
}

async function loadBase(path: string | undefined): Promise<void> {
  base?.dispose();
  base = undefined;
  if (!path) return;
  const file = fileURLToPath(new URL(path, import.meta.url));
  const { data } = await sharp(file)
    .resize(SIDE, SIDE, { fit: 'cover' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  base = tf.tidy(() => tf.div(tf.tensor3d(Float32Array.from(data), [SIDE, SIDE, 3], 'float32'), 255) as tf.Tensor3D);
}

function toRaw(theta: Float32Array): RawImage {
  const x = pictures([theta]);
  const bytes = tf.tidy(() => tf.cast(tf.round(tf.mul(x, 255)), 'int32')).dataSync();
  x.dispose();
  return { data: Uint8Array.from(bytes), width: SIDE, height: SIDE, channels: 3 };
}

const negative = (image: RawImage): RawImage => ({ ...image, data: image.data.map((v) => 255 - v) });

const fmt = (s: SafetyScores) =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${(v as number).toFixed(3)}`)
    .join(', ');

async function make(goal: Goal): Promise<{ picture: SafetyScores; negative: SafetyScores; steps: number }> {
  const model = await loadNsfwModel();
  await loadBase(goal.base);
  seed = SEED;
  const theta = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i += 1) theta[i] = (goal.base ? 0.05 : 0.3) * gaussian();
  for (let step = 1; step <= MAX_STEPS; step += 1) {
    const noise: Float32Array[] = [];
    const batch: Float32Array[] = [];
    for (let k = 0; k < PAIRS; k += 1) {
      const e = new Float32Array(DIMS).map(() => gaussian());
      noise.push(e);
      batch.push(theta.map((v, i) => v + SIGMA * e[i]!));
      batch.push(theta.map((v, i) => v - SIGMA * e[i]!));
    }
    const x = pictures(batch);
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor2D);
    const p = probs.dataSync() as Float32Array;
    x.dispose();
    probs.dispose();
    const rewards = batch.map((_, b) => goal.reward(p, b * NSFW_CLASSES.length));
    // Rank-based fitness shaping keeps the step size sane whatever the reward's scale.
    const order = rewards.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
    const shaped = new Float32Array(rewards.length);
    order.forEach(([, i], rank) => (shaped[i] = rank / (rewards.length - 1) - 0.5));
    for (let k = 0; k < PAIRS; k += 1) {
      const w = (shaped[2 * k]! - shaped[2 * k + 1]!) / (2 * PAIRS * SIGMA);
      for (let i = 0; i < DIMS; i += 1) theta[i]! += RATE * w * noise[k]![i]!;
    }
    if (step % 5 !== 0) continue;
    // Judge the 8-bit picture as it will be stored, through the classifier the bot runs.
    const image = toRaw(theta);
    const picture = classifyImage(model, image);
    const inverted = classifyImage(model, negative(image));
    console.log(`${goal.file} step ${step}: ${fmt(picture)} | negative: ${fmt(inverted)}`);
    if (goal.met(picture) && negativeClear(inverted)) {
      const png = await sharp(image.data, { raw: { width: SIDE, height: SIDE, channels: 3 } })
        .png()
        .toBuffer();
      writeFileSync(`${OUT}${goal.file}`, png);
      return { picture, negative: inverted, steps: step };
    }
  }
  throw new Error(`${goal.file}: no picture met the goal in ${MAX_STEPS} steps`);
}

mkdirSync(OUT, { recursive: true });
// `npx tsx scripts/make-safety-fixtures.ts borderline.png` remakes one; the others are re-scored as they are.
const only = process.argv.slice(2);
const made: Record<string, { picture: SafetyScores; negative: SafetyScores; steps?: number }> = {};
for (const goal of GOALS) {
  if (only.length === 0 || only.includes(goal.file)) {
    made[goal.file] = await make(goal);
    continue;
  }
  const { data, info } = await sharp(`${OUT}${goal.file}`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image: RawImage = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
  const model = await loadNsfwModel();
  made[goal.file] = { picture: classifyImage(model, image), negative: classifyImage(model, negative(image)) };
}
writeFileSync(`${OUT}scores.json`, `${JSON.stringify(made, null, 2)}\n`);
console.log(`wrote ${Object.keys(made).join(', ')} and scores.json to ${OUT}`);
