// The safety screen in the real inference worker, with the real classifier: inputs scored (and
// refused) before the task runs, each preview and each final scored where it is made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { negativePng, safetyFixture } from '../../../test/fixtures/safety/labelled-set.js';
import { Engine } from '../engine.js';
import type { EngineOptions, EngineProgress } from '../types.js';

const options: EngineOptions = { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [] };
const finals = { maxBytes: 8 << 20, names: ['out'] };
let engine: Engine;
let flagged: Buffer;

beforeAll(async () => {
  engine = await Engine.start(options, () => {});
  flagged = safetyFixture('flagged.png');
}, 60_000);
afterAll(async () => {
  await engine.close();
});

describe('safety screen in the inference worker', () => {
  it('scores the input, every preview and the final: inverting the negative makes the flagged picture', async () => {
    const progress: EngineProgress[] = [];
    const input = new Uint8Array(await negativePng(flagged));
    const result = await engine.run(
      'edit',
      {
        images: [],
        codec: { files: [{ data: input, name: 'negative.png' }], finals },
        options: { steps: [{ op: 'invert' }] },
        safety: { refuseInputsAt: 0.6, previewIntervalMs: 0 },
      },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.safety?.inputs).toHaveLength(1);
    expect(result.safety!.inputs[0]!.porn).toBeLessThan(0.3);
    const [file] = result.files ?? [];
    expect(file?.safety?.porn).toBeGreaterThanOrEqual(0.85);
    const frames = progress.filter((p) => p.image);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((p) => p.safety !== undefined)).toBe(true);
    expect(frames.at(-1)!.safety!.porn).toBeGreaterThanOrEqual(0.85);
    expect(result.timingsMs['safety']).toBeGreaterThan(0);
  });

  it('refuses a flagged input before the task uses it, naming the file', async () => {
    const progress: EngineProgress[] = [];
    const refused = await engine
      .run(
        'edit',
        {
          images: [],
          codec: { files: [{ data: new Uint8Array(flagged), name: 'upload.png' }], finals },
          options: { steps: [{ op: 'invert' }] },
          safety: { refuseInputsAt: 0.6 },
        },
        { onProgress: (p) => progress.push(p) },
      )
      .catch((e: unknown) => e);
    expect(isScanlineError(refused) && refused.code).toBe('input_unsafe');
    if (!isScanlineError(refused)) return;
    expect(refused.params['name']).toBe('upload.png');
    expect(refused.userMessage('en')).toMatch(/upload\.png.*porn 0\.[89]/);
    // Nothing was edited: the step's preview never came.
    expect(progress.filter((p) => p.image)).toEqual([]);
  });

  it('scores but never refuses an input where adult content is allowed, and scores nothing unasked', async () => {
    const run = (safety?: { previewIntervalMs: number }) =>
      engine.run('edit', {
        images: [],
        codec: { files: [{ data: new Uint8Array(flagged), name: 'a.png' }], finals },
        options: { steps: [{ op: 'grayscale' }] },
        ...(safety ? { safety } : {}),
      });
    const allowed = await run({ previewIntervalMs: 0 });
    expect(allowed.safety!.inputs[0]!.porn).toBeGreaterThanOrEqual(0.85);
    const unasked = await run();
    expect(unasked.safety).toBeUndefined();
    expect(unasked.files?.[0]?.safety).toBeUndefined();
  });

  it("screens a repo test pack's inputs but not the noise it draws", async () => {
    const progress: EngineProgress[] = [];
    const result = await engine.run(
      'generate',
      { images: [], prompt: 'a red apple', options: { seed: 7 }, codec: { finals }, safety: { previewIntervalMs: 0 } },
      { onProgress: (p) => progress.push(p) },
    );
    expect(result.meta?.testPack).toBe(true);
    expect(result.files?.[0]?.safety).toBeUndefined();
    expect(progress.some((p) => p.safety)).toBe(false);
    expect(result.safety?.inputs).toEqual([]);
  });

  it('sends frames closer than the interval without their picture', async () => {
    const progress: EngineProgress[] = [];
    await engine.run(
      'edit',
      {
        images: [],
        codec: { files: [{ data: new Uint8Array(await negativePng(flagged)), name: 'n.png' }], finals },
        options: { steps: [{ op: 'invert' }, { op: 'flip', axis: 'horizontal' }, { op: 'invert' }] },
        safety: { previewIntervalMs: 60_000 },
      },
      { onProgress: (p) => progress.push(p) },
    );
    // Three steps, three progress reports; only the first carries a (scored) frame.
    expect(progress.map((p) => p.image !== undefined)).toEqual([true, false, false]);
    expect(progress[0]!.safety).toBeDefined();
  });
});
