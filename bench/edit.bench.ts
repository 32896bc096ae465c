import type { RawImage } from '../src/engine/types.js';
import { testPhoto } from '../src/pipeline/edit/fixtures/test-photo.js';
import { runStep } from '../src/pipeline/edit/run-step.js';
import { describeStep } from '../src/pipeline/edit/step-names.js';
import type { EditStep } from '../src/pipeline/types.js';

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
  { op: 'scale', factor: 2 },
  { op: 'invert' },
  { op: 'caption', text: 'Hello 你好', position: 'bottom' },
  { op: 'recolor', target: 'image', color: 'blue' },
];

const RUNS = 3;

async function medianMs(image: RawImage, step: EditStep): Promise<number> {
  const signal = new AbortController().signal;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await runStep(image, step, { signal });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Edit steps at 1024² and 4096²: median ms of a few runs, and how the cost grows against the 16x pixel count. */
export async function editBench(): Promise<void> {
  const small = testPhoto(1024, 1024);
  const large = testPhoto(4096, 4096);
  // Warm up sharp, fontconfig and the JIT so the first row is not the cold start.
  await runStep(small, { op: 'caption', text: 'warm up', position: 'top' }, { signal: new AbortController().signal });
  console.log(`\n## Edit steps: median of ${RUNS} runs, synthetic photo\n`);
  console.log('| step | 1024² ms | 4096² ms | ratio 4096/1024 (pixels: 16x) |');
  console.log('|---|---:|---:|---:|');
  for (const step of STEPS) {
    const a = await medianMs(small, step);
    const b = await medianMs(large, step);
    console.log(`| ${describeStep(step, 'en')} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(1)}x |`);
  }
}
