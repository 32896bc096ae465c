// Measures what the worker design buys: worker start time, and the main
// thread's event-loop delay while the real PaddleOCR det model (960x960) runs
// in the worker, against the same runs on the main thread.
// Usage: node --import tsx test/helpers/engine/measure-main-loop.ts [runs]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Tensor } from 'onnxruntime-node';
import { Engine } from '../../../src/engine/engine.js';
import { createPackRegistry } from '../../../src/engine/pack-registry.js';
import { createSessionFactory } from '../../../src/engine/session-factory.js';
import type { EngineOptions } from '../../../src/engine/types.js';
import { echoInputs } from './echo-runner.js';

const runs = Number(process.argv[2] ?? 5);
const options: EngineOptions = { device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] };
const quiet = (): void => {};

function loopDelay(): { stop(): { p50: number; p99: number; max: number } } {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    stop() {
      h.disable();
      return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
    },
  };
}

const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const e = await Engine.start(options, quiet, { builtinRunners: false });
  starts.push(performance.now() - t);
  await e.close();
}

const engine = await Engine.start(options, quiet, {
  builtinRunners: false,
  runnerModules: [new URL('./echo-runner.ts', import.meta.url).href],
});
await engine.run('ocr', echoInputs({ detSize: 960 })); // warm-up: session creation
const inWorker = loopDelay();
const t0 = performance.now();
const result = await engine.run('ocr', echoInputs({ detSize: 960, detRuns: runs }));
const workerMs = performance.now() - t0;
const workerLoop = inWorker.stop();
await engine.close();

const det = createPackRegistry({ modelsDirs: [] }, quiet).find('ocr')?.file('det');
if (!det) throw new Error('ppocr-v4 pack not found');
const session = await createSessionFactory(options, quiet).create(det);
const x = new Tensor('float32', new Float32Array(3 * 960 * 960).fill(0.5), [1, 3, 960, 960]);
await session.run({ x });
const onMain = loopDelay();
const t1 = performance.now();
for (let i = 0; i < runs; i++) await session.run({ x });
const mainMs = performance.now() - t1;
const mainLoop = onMain.stop();

const round = (n: number): number => Math.round(n * 10) / 10;
console.log(
  JSON.stringify(
    {
      workerStartMs: starts.map(round),
      detRuns: runs,
      inWorker: { totalMs: round(workerMs), workerDetMs: round(result.timingsMs['det'] ?? 0), loopDelayMs: workerLoop },
      onMainThread: { totalMs: round(mainMs), loopDelayMs: mainLoop },
    },
    null,
    1,
  ),
);
