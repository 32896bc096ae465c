import { cpus } from 'node:os';
import { batchBench } from './batch.bench.js';
import { batchProfileBench } from './batch-profile.bench.js';
import { detectBench } from './detect.bench.js';
import { editBench } from './edit.bench.js';
import { janusBench } from './janus.bench.js';
import { journalBench } from './journal.bench.js';
import { loadBench } from './load.bench.js';
import { masksBench } from './masks.bench.js';
import { ocrBench } from './ocr.bench.js';
import { qwenVlBench } from './qwen-vl.bench.js';
import { safetyBench } from './safety.bench.js';
import { settingsBench } from './settings.bench.js';
import { scaleBench } from './scale.bench.js';
import { upscaleBench } from './upscale.bench.js';

// Absolute figures depend on the machine; compare the ratios, measured in the same run.
const only = process.argv.slice(2);
const benches: [string, () => Promise<void>][] = [
  ['ocr', ocrBench],
  ['janus', janusBench],
  ['qwen-vl', qwenVlBench],
  ['edit', editBench],
  ['detect', detectBench],
  ['masks', masksBench],
  ['load', loadBench],
  ['upscale', upscaleBench],
  ['settings', settingsBench],
  ['batch', batchBench],
  ['batch-profile', batchProfileBench],
  ['journal', journalBench],
  ['safety', safetyBench],
  ['scale', scaleBench],
];

console.log(
  `# Scanline bench\n\n${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
);
for (const [name, run] of benches) {
  if (only.length === 0 || only.includes(name)) await run();
}
