// What batching may do to a sequence without changing one bit of its output,
// measured on the loaded model (it depends on the device's kernels, not on the
// weights): rows of one call must not see each other (a GEMM that computes a
// row the same at any batch size), and left padding must keep every sum's
// order. CPU kernels sum a row's attention in SIMD lanes, so padding by a
// multiple of their width leaves the bits alone while other paddings do not.
import { composeCache, padMask, stackRows } from './batch-tensors.js';
import type { JanusModel } from './janus-model.js';

export interface Alignment {
  /** Rows in one call are computed as they are alone (else the loop never batches). */
  rowsIndependent: boolean;
  /** Left padding must be a multiple of this; undefined: only rows of equal length batch. */
  quantum: number | undefined;
}

const QUANTA = [1, 2, 4, 8, 16, 32, 64];
/** Multiples of a quantum tried (its own sums repeat across a few lane blocks). */
const REPEATS = 3;

function same(a: { data: unknown }, b: { data: unknown }, rows = 1, row = 0): boolean {
  const x = a.data as Float32Array | Uint16Array;
  const y = b.data as Float32Array | Uint16Array;
  const n = x.length;
  const part = y.subarray(row * n, row * n + n);
  return (
    rows * n === y.length &&
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(part.buffer, part.byteOffset, part.byteLength))
  );
}

const measured = new WeakMap<JanusModel, Promise<Alignment>>();

/** The model's alignment, measured on first use (a few language-model calls) and kept with the model. */
export function alignmentOf(model: JanusModel): Promise<Alignment> {
  let alignment = measured.get(model);
  if (!alignment) {
    // A probe that fails leaves batching off for this model; the jobs themselves still run, one by one.
    alignment = measureAlignment(model).catch((): Alignment => ({ rowsIndependent: false, quantum: undefined }));
    measured.set(model, alignment);
  }
  return alignment;
}

export async function measureAlignment(model: JanusModel): Promise<Alignment> {
  const ids = model.tokenizer.generationPrompt('alignment probe');
  const mask = ids.map(() => 1);
  const prefill = await model.step(await model.embed({ ids: [ids] }), [mask], model.emptyCache(1));
  const next = await model.embedImageTokens([1]);
  const grown = [...mask, 1];
  const alone = await model.step(next, [grown], prefill.cache);
  const image = await model.imageLogits(alone.hidden);
  const text = await model.textLogits(alone.hidden);

  // Three copies of the row in one call: each must match the row alone, in the language model and both heads.
  const rows = 3;
  const cacheRows = Array.from({ length: rows }, () => ({ cache: prefill.cache, row: 0, length: mask.length }));
  const together = await model.step(
    stackRows(new Array(rows).fill(next)),
    new Array(rows).fill(grown),
    composeCache(cacheRows, mask.length),
  );
  const images = await model.imageLogits(together.hidden);
  const texts = await model.textLogits(together.hidden);
  let rowsIndependent = true;
  for (let r = 0; r < rows; r++) {
    rowsIndependent &&=
      same(alone.hidden, together.hidden, rows, r) && same(image, images, rows, r) && same(text, texts, rows, r);
  }
  if (!rowsIndependent) return { rowsIndependent, quantum: undefined };

  for (const quantum of QUANTA) {
    let ok = true;
    for (let k = 1; k <= REPEATS && ok; k++) {
      const length = mask.length + k * quantum;
      const padded = await model.step(
        next,
        [padMask(grown, length + 1)],
        composeCache([{ cache: prefill.cache, row: 0, length: mask.length }], length),
      );
      ok = same(alone.hidden, padded.hidden);
    }
    if (ok) return { rowsIndependent, quantum };
  }
  return { rowsIndependent, quantum: undefined };
}
