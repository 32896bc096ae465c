import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanlineError } from '../common/errors.js';
import { Engine, EngineWorkerError } from './engine.js';
import type { EngineLog } from './engine-log.js';
import { echoInputs as echo } from '../../test/helpers/engine/echo-runner.js';
import type { EngineInputs, EngineOptions, EngineProgress, RawImage } from './types.js';

const options: EngineOptions = { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [] };
const echoRunner = new URL('../../test/helpers/engine/echo-runner.ts', import.meta.url).href;

let engine: Engine;
const lines: { level: string; msg: string }[] = [];
const log: EngineLog = (level, msg) => lines.push({ level, msg });

const image = (bytes: number[]): RawImage => ({
  data: Uint8Array.from(bytes),
  width: bytes.length / 3,
  height: 1,
  channels: 3,
});

beforeAll(async () => {
  engine = await Engine.start(options, log, { builtinRunners: false, runnerModules: [echoRunner] });
});
afterAll(async () => {
  await engine.close();
});

describe('Engine', () => {
  it('runs a real ORT session in the worker and transfers the input buffer', async () => {
    expect(engine.provider).toBe('cpu');
    expect(engine.tasks).toEqual(['ocr']);
    const input = image([1, 2, 3, 250, 251, 252]);
    const progress: EngineProgress[] = [];

    const result = await engine.run('ocr', echo({}, [input]), { onProgress: (p) => progress.push(p) });

    expect(result.text).toBe('echo 1');
    expect(Array.from(result.images?.[0]?.data ?? [])).toEqual([1, 2, 3, 250, 251, 252]);
    expect(result.images?.[0]).toMatchObject({ width: 2, height: 1, channels: 3 });
    // Transferred, not copied: the caller's buffer is detached.
    expect(input.data.byteLength).toBe(0);
    expect(Array.from(progress.at(-1)?.image?.data ?? [])).toEqual([1, 2, 3, 250, 251, 252]);
  });

  it('copies a view on a larger buffer instead of detaching the caller’s other data', async () => {
    const big = Uint8Array.from({ length: 16 }, (_, i) => i);
    const view: RawImage = { data: big.subarray(4, 10), width: 2, height: 1, channels: 3 };
    const result = await engine.run('ocr', echo({}, [view]));
    expect(Array.from(result.images?.[0]?.data ?? [])).toEqual([4, 5, 6, 7, 8, 9]);
    expect(big.byteLength).toBe(16);
  });

  it('rejects an image whose buffer does not match its size, naming the detached case', async () => {
    const input = image([1, 2, 3]);
    await engine.run('ocr', echo({}, [input]));
    await expect(engine.run('ocr', echo({}, [input]))).rejects.toThrow(/detached/);
  });

  it('re-throws ScanlineErrors with code and params, other errors as plain errors', async () => {
    const failure = await engine.run('ocr', echo({ fail: 'scanline' })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ScanlineError);
    expect(failure).toMatchObject({ code: 'model_missing', params: { task: 'ocr', pack: 'ppocr-v4' } });

    const plain = await engine.run('ocr', echo({ fail: 'plain' })).catch((e: unknown) => e);
    expect(plain).not.toBeInstanceOf(ScanlineError);
    expect(plain).toMatchObject({ message: 'echo runner failed on purpose' });
    expect((plain as Error).stack).toContain('in the inference worker');
  });

  it('refuses options the task schema does not allow before any runner sees them', async () => {
    const bad = { images: [], options: { angle: 'yes' } } as unknown as EngineInputs<'ocr'>;
    const error = await engine.run('ocr', bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'EngineInputError' });
    expect((error as Error).message).toMatch(/engine\.run\('ocr'\): options\.angle/);
    // The worker is still there for the next run.
    expect((await engine.run('ocr', echo({}))).text).toBe('echo 0');
  });

  it('cancels a running job between steps: rejects at once and the worker stops early', async () => {
    const controller = new AbortController();
    const run = engine.run('ocr', echo({ steps: 200, stepMs: 20 }), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.text === 'step 2') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // The next run queues behind the cancelled one; it reports how far that one got.
    const report = await engine.run('ocr', echo({ report: true }));
    expect(Number(report.text)).toBeGreaterThanOrEqual(2);
    expect(Number(report.text)).toBeLessThan(200);
  });

  it('drops a queued job that is cancelled before it starts', async () => {
    const first = engine.run('ocr', echo({ steps: 5, stepMs: 20 }));
    const controller = new AbortController();
    const second = engine.run('ocr', echo({ steps: 100, stepMs: 20 }), { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    await expect(first).resolves.toMatchObject({ text: 'echo 0' });
    expect((await engine.run('ocr', echo({ report: true }))).text).toBe('5');
    // An already-aborted signal never reaches the worker.
    await expect(engine.run('ocr', echo({}), { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('runs the real PaddleOCR det model from the npm pack', async () => {
    const result = await engine.run('ocr', echo({ detSize: 64 }));
    expect(result.timingsMs['det']).toBeGreaterThan(0);
    const { packs } = await engine.packs();
    expect(packs.find((p) => p.name === 'ppocr-v4')?.preferredFor).toEqual(['ocr']);
  });

  it.each(['exit', 'uncaught'] as const)('recovers from a worker crash (%s)', async (crash) => {
    lines.length = 0;
    const waiting = engine.run('ocr', echo({ steps: 1, stepMs: 1 }));
    const crashed = engine.run('ocr', echo({ crash }));
    await expect(waiting).resolves.toMatchObject({ text: 'echo 0' });
    const error = await crashed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineWorkerError);
    expect(lines.some((l) => l.level === 'warn' && /inference worker stopped/.test(l.msg))).toBe(true);
    // What /healthz reads: down, with the exit code, until the next request restarts it.
    expect(engine.workerState).toMatchObject({ state: 'stopped', exitCode: crash === 'exit' ? 3 : 1 });

    const after = await engine.run('ocr', echo({}, [image([9, 9, 9])]));
    expect(after.text).toBe('echo 1');
    expect(engine.workerState).toEqual({ state: 'up' });
    expect(lines.some((l) => l.msg === 'Restarting the inference worker')).toBe(true);
  });

  it('close stops a running job and rejects runs after close', async () => {
    const other = await Engine.start(options, () => {}, { builtinRunners: false, runnerModules: [echoRunner] });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const pending = other
      .run('ocr', echo({ steps: 500, stepMs: 20 }), { onProgress: () => started() })
      .catch((e: unknown) => e);
    await running;
    // close() waits for the worker to stop: it must not sit out the 500 steps.
    await other.close();
    expect(await pending).toBeInstanceOf(EngineWorkerError);
    expect(other.workerState).toEqual({ state: 'closed' });
    await expect(other.run('ocr', echo({}))).rejects.toThrow(/closed/);
  });
});

describe('Engine with the built-in runners', () => {
  it('loads the OCR runner and the npm PaddleOCR pack', async () => {
    const builtin = await Engine.start(options, () => {});
    try {
      expect(builtin.tasks).toContain('ocr');
      const { packs } = await builtin.packs({ refresh: true });
      expect(packs.map((p) => p.name)).toContain('ppocr-v4');
    } finally {
      await builtin.close();
    }
  });
});
