// Edits run in the inference worker: the main thread stays responsive while a
// 4096x4096 pencil sketch (a second of typed-array loops on one thread) is drawn.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditStep } from '../../common/edit-step.js';
import { isScanlineError } from '../../common/errors.js';
import { Engine } from '../engine.js';
import type { EngineOptions, EngineProgress } from '../types.js';
import { testPhoto } from '../../../test/helpers/engine/test-photo.js';

const options: EngineOptions = { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [] };
let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start(options, () => {});
});
afterAll(async () => {
  await engine.close();
});

describe('edit in the inference worker', () => {
  it('serves the edit task', () => {
    expect(engine.tasks).toContain('edit');
  });

  it('keeps the main event loop free while a 4096x4096 pencil sketch runs', async () => {
    // Warm-up: the worker imports the edit modules and sharp on first use.
    await engine.run('edit', { images: [testPhoto(64, 64)], options: { steps: [{ op: 'style', style: 'sketch' }] } });
    const input = testPhoto(4096, 4096);
    const progress: EngineProgress[] = [];
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const result = await engine.run(
      'edit',
      { images: [input], options: { steps: [{ op: 'style', style: 'sketch' }] } },
      { onProgress: (p) => progress.push(p) },
    );
    // One more timer turn, so a stall at the very end is recorded too.
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.disable();
    const stepMs = result.timingsMs['step1_style']!;
    const maxDelayMs = delay.max / 1e6;
    expect(result.images?.[0]).toMatchObject({ width: 4096, height: 4096 });
    expect(progress).toHaveLength(1);
    // The relation, not absolute times: on the main thread this step stalls the loop for about its whole length.
    expect(stepMs).toBeGreaterThan(4 * maxDelayMs);
  });

  it('a malformed step crosses back as a ScanlineError with its code', async () => {
    const error = await engine
      // A replayed plan is JSON: the type system cannot stop this one, the worker's check does.
      .run('edit', {
        images: [testPhoto(8, 8)],
        options: { steps: [{ op: 'rotate', degrees: 'ninety' } as unknown as EditStep] },
      })
      .catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('edit_step_invalid');
  });
});
