// One side of the OCR bench, in its own process so peak RSS is its own.
// Usage: tsx bench/ocr-side.ts ours|peer <cases.json> ; prints one JSON line.
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Engine } from '../src/engine/index.js';
import { decodeImage } from '../src/pipeline/image-io/index.js';

interface CaseFile {
  name: string;
  pngPath: string;
}

const REPEATS = 2;

/** Best of REPEATS per case after one warm-up read, with the main thread's event-loop delay meanwhile. */
async function measure(cases: CaseFile[], read: (c: CaseFile) => Promise<string>) {
  await read(cases[0]!); // warm-up: sessions are created lazily
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const results = [];
  delay.enable();
  for (const c of cases) {
    let ms = Infinity;
    let text = '';
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now();
      text = await read(c);
      ms = Math.min(ms, performance.now() - t);
    }
    results.push({ name: c.name, ms, text });
  }
  delay.disable();
  return { results, loopP99Ms: delay.percentile(99) / 1e6, loopMaxMs: delay.max / 1e6 };
}

async function ours(cases: CaseFile[]) {
  const engine = await Engine.start(
    { device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] },
    () => undefined,
  );
  try {
    return await measure(cases, async (c) => {
      const image = await decodeImage(await readFile(c.pngPath), { name: c.name, maxPixels: 40_000_000 });
      return (await engine.run('ocr', { images: [image] })).text ?? '';
    });
  } finally {
    await engine.close();
  }
}

async function peer(cases: CaseFile[]) {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  const ocr = await Ocr.create();
  return measure(cases, async (c) => {
    const lines = (await ocr.detect(c.pngPath)) as { text: string }[];
    return lines.map((l) => l.text).join('\n');
  });
}

const [side, casesPath] = process.argv.slice(2);
const cases = JSON.parse(await readFile(casesPath!, 'utf8')) as CaseFile[];
const out = side === 'ours' ? await ours(cases) : await peer(cases);
// maxRSS is in kilobytes.
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ side, ...out, peakRssMb })}\n`);
