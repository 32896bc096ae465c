import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface SideRun {
  ms: number;
  tokens: number;
  previewMs: number;
  firstPreviewMs?: number;
  previews: number;
}

interface SideResult {
  side: string;
  runs: SideRun[];
  peakRssMb: number;
}

async function runSide(side: 'ours' | 'ours-no-previews' | 'peer'): Promise<SideResult> {
  const script = fileURLToPath(new URL('./janus-side.ts', import.meta.url));
  const tsx = fileURLToPath(import.meta.resolve('tsx/cli'));
  const { stdout } = await run(process.execPath, [tsx, script, side], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as SideResult;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const f1 = (n: number) => n.toFixed(1);

function stepsPerSecond(r: SideResult): number {
  return median(r.runs.map((x) => (x.tokens / x.ms) * 1000));
}

/**
 * Janus text-to-image on the tiny pack: image tokens per second of our runner
 * (with and without scanline previews) against transformers.js
 * `generate_images` (same pack, same CFG batch of 2, same threads), the share
 * of time our previews take, time to first preview, and each side's peak RSS.
 */
export async function janusBench(): Promise<void> {
  // Sequential, so the sides never share the 2 cores.
  const ours = await runSide('ours');
  const plain = await runSide('ours-no-previews');
  const peer = await runSide('peer');

  console.log(
    '\n## Janus text-to-image: scanline runner vs transformers.js generate_images (tiny pack, median of 3)\n',
  );
  console.log('| side | image tokens/s | ms per image | previews | preview share | first preview ms | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of [ours, plain, peer]) {
    const ms = median(r.runs.map((x) => x.ms));
    const share = median(r.runs.map((x) => x.previewMs / x.ms));
    const first = r.runs.map((x) => x.firstPreviewMs).filter((x): x is number => x !== undefined);
    console.log(
      `| ${r.side} | ${f1(stepsPerSecond(r))} | ${f1(ms)} | ${median(r.runs.map((x) => x.previews))} | ${f1(share * 100)}% | ${first.length ? f1(median(first)) : '-'} | ${f1(r.peakRssMb)} |`,
    );
  }
  console.log(
    `\nSpeed ratio (ours with previews / transformers.js): ${(stepsPerSecond(ours) / stepsPerSecond(peer)).toFixed(2)}x; ` +
      `without previews: ${(stepsPerSecond(plain) / stepsPerSecond(peer)).toFixed(2)}x. ` +
      'transformers.js shows nothing until the last token; ours posts the finished rows on the way.',
  );
}
