import type { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { EngineLog } from './engine-log.js';
import { createSessionFactory, sessionOptionsFor, type OrtLike } from './session-factory.js';
import type { EngineOptions } from './types.js';

const base: EngineOptions = { device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] };

interface Call {
  model: string | Uint8Array;
  providers: unknown;
}

/** A fake ORT whose CUDA provider cannot load, like a machine without CUDA libraries. */
function fakeOrt(opts: { badModel?: string } = {}): { ort: OrtLike; calls: Call[] } {
  const calls: Call[] = [];
  const ort: OrtLike = {
    InferenceSession: {
      async create(model, options) {
        calls.push({ model, providers: options?.executionProviders });
        if (model === opts.badModel) throw new Error('Load model failed: protobuf parsing failed');
        if (options?.executionProviders?.includes('cuda')) {
          throw new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library\nmore');
        }
        return { release: async () => {} } as unknown as InferenceSession;
      },
    },
  };
  return { ort, calls };
}

function recorder(): { log: EngineLog; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  return { lines, log: (level, msg) => lines.push({ level, msg }) };
}

describe('createSessionFactory', () => {
  it('falls back to CPU once with one warn line when CUDA fails, and remembers it', async () => {
    const { ort, calls } = fakeOrt();
    const { log, lines } = recorder();
    const factory = createSessionFactory({ ...base, device: 'cuda' }, log, ort);
    expect(factory.provider).toBe('cuda');

    await factory.create('/models/a.onnx');
    await factory.create('/models/b.onnx');

    expect(factory.provider).toBe('cpu');
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'CUDA unavailable (OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library); running on CPU',
      },
    ]);
    // a.onnx tried CUDA then CPU; b.onnx went straight to CPU.
    expect(calls.map((c) => [c.model, c.providers])).toEqual([
      ['/models/a.onnx', ['cuda', 'cpu']],
      ['/models/a.onnx', ['cpu']],
      ['/models/b.onnx', ['cpu']],
    ]);
  });

  it('keeps CUDA and rethrows when the model itself is broken', async () => {
    const { ort } = fakeOrt({ badModel: '/models/bad.onnx' });
    const { log, lines } = recorder();
    const factory = createSessionFactory({ ...base, device: 'cuda' }, log, ort);
    await expect(factory.create('/models/bad.onnx')).rejects.toThrow(/protobuf parsing failed/);
    expect(factory.provider).toBe('cuda');
    expect(lines).toEqual([]);
  });

  it('probe settles the provider before any pack loads', async () => {
    const { ort, calls } = fakeOrt();
    const { log } = recorder();
    const factory = createSessionFactory({ ...base, device: 'cuda' }, log, ort);
    expect(await factory.probe()).toBe('cpu');
    expect(calls[0]?.model).toBeInstanceOf(Uint8Array);
  });

  it('never asks for CUDA when the device is cpu', async () => {
    const { ort, calls } = fakeOrt();
    const factory = createSessionFactory(base, recorder().log, ort);
    await factory.create('/m.onnx');
    expect(calls).toEqual([{ model: '/m.onnx', providers: ['cpu'] }]);
  });

  it('maps threads and spinning into session options', () => {
    const off = sessionOptionsFor(base, 'cpu');
    expect(off.intraOpNumThreads).toBe(2);
    expect(off.interOpNumThreads).toBe(1);
    expect(off.graphOptimizationLevel).toBe('all');
    expect(off.extra).toEqual({
      session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
    });
    const on = sessionOptionsFor({ ...base, spinning: true, intraOpThreads: 1 }, 'cuda');
    expect(on.intraOpNumThreads).toBe(1);
    expect(on.executionProviders).toEqual(['cuda', 'cpu']);
    expect(on.extra).toEqual({
      session: { intra_op: { allow_spinning: '1' }, inter_op: { allow_spinning: '1' } },
    });
  });

  it('opens a real session with the real runtime', async () => {
    const { log, lines } = recorder();
    const factory = createSessionFactory({ ...base, device: 'cuda', intraOpThreads: 1 }, log);
    const provider = await factory.probe();
    // Without CUDA libraries (CI) this is the fallback; on a GPU host it stays cuda with no warning.
    expect(lines.length).toBe(provider === 'cpu' ? 1 : 0);
  });
});
