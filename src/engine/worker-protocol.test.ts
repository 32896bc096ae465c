import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../common/errors.js';
import type { RawImage } from './types.js';
import { fromWireError, toWireError, transferableImages, transferableInputs } from './worker-protocol.js';

const raw = (data: Uint8Array): RawImage => ({ data, width: data.length / 3, height: 1, channels: 3 });

describe('transferable images', () => {
  it('moves whole buffers as they are and lists each buffer once', () => {
    const a = new Uint8Array(6);
    const shared = new Uint8Array(6);
    const { inputs, transfer } = transferableInputs({ images: [raw(a), raw(shared), raw(shared)] });
    expect(inputs.images[0]?.data).toBe(a);
    expect(transfer).toEqual([a.buffer, shared.buffer]);
  });

  it('copies views on a larger buffer, pooled Buffers and SharedArrayBuffers', () => {
    const big = new Uint8Array(12).fill(7);
    const pooled = Buffer.from([1, 2, 3]);
    const sab = new Uint8Array(new SharedArrayBuffer(3)).fill(5);
    const transfer = new Set<ArrayBuffer>();
    const out = transferableImages([raw(big.subarray(3, 9)), raw(pooled), raw(sab)], transfer);

    expect(out.map((i) => Array.from(i.data))).toEqual([
      [7, 7, 7, 7, 7, 7],
      [1, 2, 3],
      [5, 5, 5],
    ]);
    for (const image of out) expect(image.data.byteLength).toBe(image.data.buffer.byteLength);
    expect(out[0]?.data.buffer).not.toBe(big.buffer);
    expect(transfer.has(big.buffer)).toBe(false);
    expect(transfer.size).toBe(3);
  });
});

describe('wire errors', () => {
  it('round-trips a ScanlineError with its code and params', () => {
    const back = fromWireError(toWireError(new ScanlineError('task_unavailable', { task: 'ocr' })));
    expect(back).toBeInstanceOf(ScanlineError);
    expect(back).toMatchObject({ code: 'task_unavailable', params: { task: 'ocr' } });
  });

  it('keeps AbortError a DOMException AbortError', () => {
    const back = fromWireError(toWireError(new DOMException('stop', 'AbortError')));
    expect(back).toBeInstanceOf(DOMException);
    expect(back.name).toBe('AbortError');
  });

  it('turns an unknown code or a plain error into a plain Error with the worker stack', () => {
    const unknown = fromWireError({ name: 'ScanlineError', message: 'm', code: 'not_a_code', stack: 'at worker' });
    expect(unknown).not.toBeInstanceOf(ScanlineError);
    expect(unknown.message).toBe('m');
    const plain = fromWireError(toWireError(new RangeError('bad index')));
    expect(plain.name).toBe('RangeError');
    expect(plain.stack).toContain('in the inference worker');
    expect(toWireError('just a string')).toEqual({ name: 'Error', message: 'just a string' });
  });
});
