import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { characterAccuracy, spaceErrors } from '../test/fixtures/text-images.js';
import { makeOcrCases } from './ocr-cases.js';

const run = promisify(execFile);

interface SideResult {
  side: string;
  results: { name: string; ms: number; text: string }[];
  loopP99Ms: number;
  loopMaxMs: number;
  peakRssMb: number;
}

async function runSide(side: 'ours' | 'peer', casesPath: string): Promise<SideResult> {
  const script = fileURLToPath(new URL('./ocr-side.ts', import.meta.url));
  const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));
  const { stdout } = await run(process.execPath, [tsx, script, side, casesPath], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as SideResult;
}

const f1 = (n: number) => n.toFixed(1);
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/** OCR: our pipeline (worker thread, own pre/post-processing) against @gutenye/ocr-node, same images, same run. */
export async function ocrBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scanline-bench-'));
  try {
    const cases = await makeOcrCases();
    const files = [];
    for (const c of cases) {
      const pngPath = join(dir, `${c.name}.png`);
      await writeFile(pngPath, c.png);
      files.push({ name: c.name, pngPath });
    }
    const casesPath = join(dir, 'cases.json');
    await writeFile(casesPath, JSON.stringify(files));
    // Sequential, so the two sides never share the 2 cores.
    const ours = await runSide('ours', casesPath);
    const peer = await runSide('peer', casesPath);

    console.log('\n## OCR: scanline vs @gutenye/ocr-node (best of 2, decode included)\n');
    console.log('Space errors: edits between the texts that only spaces account for.\n');
    console.log(
      '| image | ours ms | peer ms | speed-up (peer/ours) | ours acc | peer acc | ours space err | peer space err |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    let oursMs = 0;
    let peerMs = 0;
    let oursAcc = 0;
    let peerAcc = 0;
    let oursSpace = 0;
    let peerSpace = 0;
    for (const [i, c] of cases.entries()) {
      const o = ours.results[i]!;
      const p = peer.results[i]!;
      const oa = characterAccuracy(c.truth, o.text);
      const pa = characterAccuracy(c.truth, p.text);
      oursMs += o.ms;
      peerMs += p.ms;
      oursAcc += oa;
      peerAcc += pa;
      const os = spaceErrors(c.truth, o.text);
      const ps = spaceErrors(c.truth, p.text);
      oursSpace += os;
      peerSpace += ps;
      console.log(
        `| ${c.name} | ${f1(o.ms)} | ${f1(p.ms)} | ${(p.ms / o.ms).toFixed(2)}x | ${pct(oa)} | ${pct(pa)} | ${os} | ${ps} |`,
      );
    }
    const n = cases.length;
    console.log(
      `| **all** | ${f1(oursMs)} | ${f1(peerMs)} | **${(peerMs / oursMs).toFixed(2)}x** | ${pct(oursAcc / n)} | ${pct(peerAcc / n)} | ` +
        `${oursSpace} | ${peerSpace} |`,
    );
    console.log('\n| | ours | peer | ratio (peer/ours) |');
    console.log('|---|---:|---:|---:|');
    console.log(
      `| peak RSS MB | ${f1(ours.peakRssMb)} | ${f1(peer.peakRssMb)} | ${(peer.peakRssMb / ours.peakRssMb).toFixed(2)}x |`,
    );
    console.log(
      `| main-thread event-loop delay p99 ms | ${f1(ours.loopP99Ms)} | ${f1(peer.loopP99Ms)} | ${(peer.loopP99Ms / ours.loopP99Ms).toFixed(1)}x |`,
    );
    console.log(`| main-thread event-loop delay max ms | ${f1(ours.loopMaxMs)} | ${f1(peer.loopMaxMs)} | |`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
