import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EditStep } from '../src/common/edit-step.js';
import { testPhoto } from '../test/helpers/engine/test-photo.js';
import { runStep } from '../src/engine/edit/run-step.js';
import { Engine } from '../src/engine/engine.js';
import type { RawImage } from '../src/engine/types.js';
import { describeStep } from '../src/pipeline/edit/step-names.js';

const STEPS: EditStep[] = [
  { op: 'grayscale' },
  { op: 'style', style: 'sepia' },
  { op: 'style', style: 'vintage' },
  { op: 'style', style: 'old-photo' },
  { op: 'style', style: 'oil' },
  { op: 'style', style: 'sketch' },
  { op: 'style', style: 'cartoon' },
  { op: 'style', style: 'watercolor' },
  { op: 'style', style: 'van-gogh' },
  { op: 'style', style: 'pixel-art' },
  { op: 'adjust', property: 'brightness', amount: 0.25 },
  { op: 'adjust', property: 'saturation', amount: 0.4 },
  { op: 'blur', sigma: 3 },
  { op: 'sharpen' },
  { op: 'rotate', degrees: 90 },
  { op: 'rotate', degrees: 12 },
  { op: 'flip', axis: 'horizontal' },
  { op: 'crop', aspect: { w: 16, h: 9 } },
  { op: 'pad', aspect: { w: 16, h: 9 }, fill: 'blur' },
  // Enlarging runs ESRGAN in the edit runner, not here: npm run bench upscale.
  { op: 'scale', factor: 0.5 },
  { op: 'invert' },
  { op: 'vignette' },
  { op: 'caption', text: 'Hello 你好', position: 'bottom' },
  { op: 'recolor', target: 'image', color: 'blue' },
];

const RUNS = 3;
const stepContext = { throwIfAborted: () => undefined };

async function medianMs(image: RawImage, step: EditStep): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await runStep(image, step, stepContext);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Edit steps at 1024² and 4096²: median ms of a few runs, and how the cost grows against the 16x pixel count. */
export async function editBench(): Promise<void> {
  const small = testPhoto(1024, 1024);
  const large = testPhoto(4096, 4096);
  // Warm up sharp, fontconfig and the JIT so the first row is not the cold start.
  await runStep(small, { op: 'caption', text: 'warm up', position: 'top' }, stepContext);
  console.log(`\n## Edit steps: median of ${RUNS} runs, synthetic photo\n`);
  console.log('| step | 1024² ms | 4096² ms | ratio 4096/1024 (pixels: 16x) |');
  console.log('|---|---:|---:|---:|');
  for (const step of STEPS) {
    const a = await medianMs(small, step);
    const b = await medianMs(large, step);
    console.log(`| ${describeStep(step, 'en')} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(1)}x |`);
  }
  await editLoopBench();
}

/** Steps that hold a thread longest at 4096² (typed-array loops), and a libvips-heavy one for contrast. */
const HEAVY: EditStep[] = [
  { op: 'style', style: 'sketch' },
  { op: 'style', style: 'oil' },
  { op: 'sharpen' },
  { op: 'pad', aspect: { w: 16, h: 9 }, fill: 'blur' },
];

interface LoopFigures {
  ms: number;
  p99: number;
  max: number;
}

/** Wall time of `work` and the main thread's event-loop delay meanwhile (one timer turn after it included). */
async function withLoopDelay(work: () => Promise<unknown>): Promise<LoopFigures> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  // A stall that ends with the work is only recorded when the next timer fires.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { ms, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
}

/** Main-thread event-loop delay while a 4096² edit runs: on the main thread (before) vs in the worker (after). */
async function editLoopBench(): Promise<void> {
  const engine = await Engine.start(
    { device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] },
    () => undefined,
  );
  try {
    const side = 4096;
    const image = testPhoto(side, side);
    // Warm-up: the worker imports the edit modules on first use.
    await engine.run('edit', { images: [testPhoto(64, 64)], options: { steps: HEAVY } });
    await runStep(testPhoto(64, 64), HEAVY[0]!, stepContext);
    console.log(`\n## Main-thread event-loop delay during a ${side}² edit, ms\n`);
    console.log('| step | main thread: step | p99 | max | worker: step | p99 | max | max ratio |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const step of HEAVY) {
      const before = await withLoopDelay(() => runStep(image, step, stepContext));
      // The engine takes the pixels by transfer: send a copy, the main-thread row reuses the original.
      const copy = { ...image, data: image.data.slice() };
      const after = await withLoopDelay(() => engine.run('edit', { images: [copy], options: { steps: [step] } }));
      const f = (n: number) => n.toFixed(1);
      console.log(
        `| ${describeStep(step, 'en')} | ${f(before.ms)} | ${f(before.p99)} | ${f(before.max)} | ${f(after.ms)} | ${f(after.p99)} | ${f(after.max)} | ${(before.max / after.max).toFixed(1)}x |`,
      );
    }
  } finally {
    await engine.close();
  }
}
