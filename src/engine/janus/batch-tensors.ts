// Row surgery on the batch's tensors: stacking members' embeddings, picking a
// member's rows, and re-laying the KV cache when members join or leave (each
// row left-padded to the batch's length, its pad masked out).
import { Tensor } from 'onnxruntime-node';
import type { KvCache } from './janus-model.js';

type FloatData = Float32Array | Uint16Array;

function floatTensor(type: Tensor.Type, data: FloatData, dims: readonly number[]): Tensor {
  return type === 'float16'
    ? new Tensor('float16', data as Uint16Array, dims)
    : new Tensor('float32', data as Float32Array, dims);
}

function allocLike(data: FloatData, size: number): FloatData {
  return data instanceof Uint16Array ? new Uint16Array(size) : new Float32Array(size);
}

/** [b_i, s, h] tensors -> [sum b_i, s, h], in order (all of one dtype). */
export function stackRows(parts: readonly Tensor[]): Tensor {
  const first = parts[0];
  if (!first) throw new Error('stackRows: nothing to stack');
  if (parts.length === 1) return first;
  const [, s, h] = first.dims as [number, number, number];
  const rows = parts.reduce((n, t) => n + t.dims[0]!, 0);
  const out = allocLike(first.data as FloatData, rows * s * h);
  let at = 0;
  for (const t of parts) {
    if (t.type !== first.type || t.dims[1] !== s || t.dims[2] !== h) throw new Error('stackRows: shapes differ');
    out.set(t.data as FloatData, at);
    at += (t.data as FloatData).length;
  }
  return floatTensor(first.type, out, [rows, s, h]);
}

/** Rows `from .. from + count` of a [b, s, h] tensor. */
export function sliceRows(tensor: Tensor, from: number, count: number): Tensor {
  const [b, s, h] = tensor.dims as [number, number, number];
  if (from === 0 && count === b) return tensor;
  const data = tensor.data as FloatData;
  return floatTensor(tensor.type, data.slice(from * s * h, (from + count) * s * h), [count, s, h]);
}

/** One row of a new cache: row `row` of `cache`, whose length is `length`. */
export interface CacheRow {
  cache: KvCache;
  row: number;
  length: number;
}

/**
 * A cache of `length` positions from rows of other caches: a shorter row gets
 * zeros on the left (masked out by its attention mask), a longer one loses its
 * leftmost positions (which must be padding).
 */
export function composeCache(rows: readonly CacheRow[], length: number): KvCache {
  const first = rows[0];
  if (!first) throw new Error('composeCache: no rows');
  const out: KvCache = {};
  for (const [name, sample] of Object.entries(first.cache)) {
    const [, heads, , dim] = sample.dims as [number, number, number, number];
    const data = allocLike(sample.data as FloatData, rows.length * heads * length * dim);
    rows.forEach((r, i) => {
      const src = r.cache[name]!.data as FloatData;
      const shift = length - r.length;
      for (let hd = 0; hd < heads; hd++) {
        const from = (r.row * heads + hd) * r.length * dim;
        const to = (i * heads + hd) * length * dim;
        if (shift >= 0) data.set(src.subarray(from, from + r.length * dim), to + shift * dim);
        else data.set(src.subarray(from - shift * dim, from + r.length * dim), to);
      }
    });
    out[name] = floatTensor(sample.type, data, [rows.length, heads, length, dim]);
  }
  return out;
}

/** A mask row re-laid to `length` the same way composeCache re-lays its cache row. */
export function padMask(mask: readonly number[], length: number): number[] {
  const shift = length - mask.length;
  if (shift < 0) {
    if (mask.slice(0, -shift).some((m) => m !== 0)) throw new Error('padMask: would drop attended positions');
    return mask.slice(-shift);
  }
  const out = new Array<number>(length).fill(0, 0, shift);
  for (let i = 0; i < mask.length; i++) out[shift + i] = mask[i]!;
  return out;
}
