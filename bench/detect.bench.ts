// Our CenterNet runner against @vladmandic/human's own wrapper of the same
// weights, same images, same process and tfjs wasm backend: ms per image and
// whether both find the same labels at the same score floor.
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Human as HumanClass } from '@vladmandic/human';
import { createDetectRunner, MIN_SCORE_ALL } from '../src/engine/detect/index.js';
import { tf, tfjsReady } from '../src/engine/detect/tfjs-wasm.js';
import { resolveInstalledPackageDir } from '../src/engine/pack-registry.js';
import { npmPacks, runnerContext } from '../test/helpers/engine/vision-context.js';
import type { RawImage } from '../src/engine/types.js';
import { loadDebianPhoto, loadPhoto } from '../test/fixtures/photos/photos.js';

const RUNS = 5;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function labelSet(labels: string[]): string {
  return [...new Set(labels)].sort().join(', ') || '(none)';
}

/** ms per image (median of RUNS after one warm-up) for both, and their label sets. */
export async function detectBench(): Promise<void> {
  const images: [string, RawImage][] = [
    ['astronaut 400x400', await loadPhoto('astronaut.jpg')],
    ['coffee 600x400', await loadPhoto('coffee-cup.jpg')],
    ['chelsea 451x300', await loadPhoto('chelsea-cat.jpg')],
  ];
  const dogBicycle = await loadDebianPhoto('dog-bicycle');
  if (dogBicycle) images.push(['dog + bicycle 768x576', dogBicycle]);
  const motorcycle = await loadDebianPhoto('motorcycle');
  if (motorcycle) images.push(['motorcycle 741x500', motorcycle]);

  // Ours first: it starts the wasm backend and registers the file:// load router Human's loader then uses.
  const runner = createDetectRunner();
  const ctx = runnerContext(npmPacks());
  await tfjsReady();
  const humanDir = resolveInstalledPackageDir('@vladmandic/human');
  const wasmDir = resolveInstalledPackageDir('@tensorflow/tfjs-backend-wasm');
  if (!humanDir || !wasmDir) throw new Error('@vladmandic/human and @tensorflow/tfjs-backend-wasm must be installed');
  // The wasm build is not reachable through the package's exports map: load it by path.
  const require = createRequire(import.meta.url);
  const { Human } = require(join(humanDir, 'dist', 'human.node-wasm.js')) as { Human: typeof HumanClass };
  const human = new Human({
    backend: 'wasm',
    wasmPath: join(wasmDir, 'dist') + sep,
    modelBasePath: pathToFileURL(join(humanDir, 'models') + sep).href,
    cacheSensitivity: 0,
    warmup: 'none',
    debug: false,
    filter: { enabled: false },
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: MIN_SCORE_ALL, maxDetected: 50 },
  });
  await human.load();

  async function ours(image: RawImage): Promise<string[]> {
    const r = await runner.run({ images: [{ ...image, data: image.data.slice() }], prompt: '' }, ctx);
    return (r.regions ?? []).map((x) => x.label);
  }
  async function theirs(image: RawImage): Promise<string[]> {
    const input = tf.tensor3d(image.data, [image.height, image.width, image.channels], 'int32');
    try {
      const r = await human.detect(input);
      return r.object.map((o) => o.label);
    } finally {
      input.dispose();
    }
  }

  console.log(`\n## Detection: CenterNet (tfjs wasm), ours vs Human ${human.version}, median of ${RUNS} runs\n`);
  console.log(
    `Score floor ${MIN_SCORE_ALL} for both. Human: class-agnostic NMS at IoU 0.4; ours: per class 0.5, across classes 0.8.\n`,
  );
  console.log('| image | ours ms | Human ms | Human / ours | our labels | Human labels | same |');
  console.log('|---|---:|---:|---:|---|---|---|');
  for (const [name, image] of images) {
    await ours(image);
    await theirs(image);
    const a: number[] = [];
    const b: number[] = [];
    let la: string[] = [];
    let lb: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      la = await ours(image);
      a.push(performance.now() - t);
      t = performance.now();
      lb = await theirs(image);
      b.push(performance.now() - t);
    }
    const ma = median(a);
    const mb = median(b);
    const same = labelSet(la) === labelSet(lb) ? 'yes' : 'no';
    console.log(
      `| ${name} | ${ma.toFixed(0)} | ${mb.toFixed(0)} | ${(mb / ma).toFixed(2)} | ${labelSet(la)} | ${labelSet(lb)} | ${same} |`,
    );
  }
  if (!motorcycle || !dogBicycle) console.log('\n(Debian photos skipped: run scripts/get-test-photos.sh)');
}
