// What the fake hub serves as `scanline/janus-tiny`: the repo's real tiny pack
// (models/janus-tiny) once it holds every file the catalog asks for, otherwise
// a generated folder in the same HF layout with deterministic pseudo-random weights.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { findCatalogEntry, filesFor } from '../../src/packs/catalog.js';
import type { FakeRepo } from './fake-hub.js';

export const TINY_REPO = 'scanline/janus-tiny';

/** xorshift32 bytes: the same every run, incompressible enough to behave like weights. */
export function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Generated janus-tiny: configs as JSON text, ONNX files as bytes, and external data for the language model. */
export function generatedTinyRepo(): Record<string, Uint8Array | string> {
  const entry = findCatalogEntry('janus-tiny');
  if (!entry) throw new Error('janus-tiny missing from the catalog');
  const repo: Record<string, Uint8Array | string> = {};
  for (const [i, file] of filesFor(entry, entry.defaultDtype).entries()) {
    if (file.path.endsWith('.json')) repo[file.path] = `${JSON.stringify({ file: file.path, tiny: true })}\n`;
    // The language model is the big one, so interrupting and resuming it means something.
    else repo[file.path] = pseudoRandom(file.role === 'language_model' ? 3_000_000 : 40_000 + i * 1000, i + 1);
  }
  repo['onnx/language_model.onnx_data'] = pseudoRandom(1_500_000, 99);
  repo['README.md'] = 'tiny test pack\n';
  return repo;
}

/** The repo's own tiny pack when it is complete for the catalog, else the generated one. */
export function tinyJanusRepo(): { source: FakeRepo; generated: boolean } {
  const dir = fileURLToPath(new URL('../../models/janus-tiny/', import.meta.url));
  const entry = findCatalogEntry('janus-tiny');
  const complete = entry && filesFor(entry, entry.defaultDtype).every((f) => existsSync(join(dir, f.path)));
  return complete ? { source: dir, generated: false } : { source: generatedTinyRepo(), generated: true };
}
