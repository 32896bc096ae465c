import { cpus } from 'node:os';
import { ocrBench } from './ocr.bench.js';

// Absolute figures depend on the machine; compare the ratios, measured in the same run.
console.log(
  `# Scanline bench\n\n${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
);
await ocrBench();
