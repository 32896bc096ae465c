// Small tensor helpers for the Janus loop: dtype matching, last-position
// slices and int64 id tensors.
import { Tensor } from 'onnxruntime-node';
import { floatsToHalves, halvesToFloats } from './float16.js';

export type FloatType = 'float32' | 'float16';

export function ids(values: readonly number[], dims: readonly number[]): Tensor {
  return new Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
}

/** Rows of 0/1 (all of one length) as an int64 [rows, length] tensor, without a BigInt per entry. */
export function maskTensor(rows: readonly (readonly number[])[]): Tensor {
  const length = rows[0]!.length;
  const out = new BigInt64Array(rows.length * length);
  rows.forEach((row, r) => {
    if (row.length !== length) throw new Error('mask rows differ in length');
    for (let i = 0; i < length; i++) if (row[i]) out[r * length + i] = 1n;
  });
  return new Tensor('int64', out, [rows.length, length]);
}

export function bools(values: ArrayLike<boolean | number>, dims: readonly number[]): Tensor {
  return new Tensor('bool', Uint8Array.from(Array.from(values, (v) => (v ? 1 : 0))), dims);
}

export function emptyFloat(type: FloatType, dims: readonly number[]): Tensor {
  const size = dims.reduce((a, b) => a * b, 1);
  return type === 'float16'
    ? new Tensor('float16', new Uint16Array(size), dims)
    : new Tensor('float32', new Float32Array(size), dims);
}

/** The tensor's values as float32 (a copy for float16, the same array for float32). */
export function floatData(tensor: Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return halvesToFloats(tensor.data as Uint16Array);
  throw new Error(`expected a float tensor, got ${tensor.type}`);
}

/**
 * The position ids of a mask row's last `count` entries, as transformers.js derives them:
 * the running count of attended positions before each one, and 1 where the mask is 0.
 */
export function positionIds(mask: readonly number[], count: number): number[] {
  const from = mask.length - count;
  let attended = 0;
  for (let i = 0; i < from; i++) attended += mask[i]!;
  const out = new Array<number>(count);
  for (let i = from; i < mask.length; i++) {
    const m = mask[i]!;
    if (m === 0) out[i - from] = 1;
    else {
      out[i - from] = attended;
      attended += m;
    }
  }
  return out;
}

/** Converts a float tensor to the dtype a session input asks for. */
export function asFloatType(tensor: Tensor, type: FloatType): Tensor {
  if (tensor.type === type) return tensor;
  const values = floatData(tensor);
  return type === 'float16'
    ? new Tensor('float16', floatsToHalves(values), tensor.dims)
    : new Tensor('float32', values, tensor.dims);
}

/** [b, s, h] -> [b, 1, h]: only the last position feeds the heads. */
export function lastPosition(tensor: Tensor): Tensor {
  const [b, s, h] = tensor.dims as [number, number, number];
  if (s === 1) return tensor;
  const src = tensor.data as Float32Array | Uint16Array;
  const out = tensor.type === 'float16' ? new Uint16Array(b * h) : new Float32Array(b * h);
  for (let i = 0; i < b; i++) out.set(src.subarray((i * s + s - 1) * h, (i * s + s) * h), i * h);
  return tensor.type === 'float16'
    ? new Tensor('float16', out as Uint16Array, [b, 1, h])
    : new Tensor('float32', out as Float32Array, [b, 1, h]);
}

export function outputTensor(result: Record<string, unknown>, name: string): Tensor {
  const value = result[name];
  if (!(value instanceof Tensor)) throw new Error(`model output ${name} is missing`);
  return value;
}
