// Named targets found by an installed Qwen-VL pack: the segment runner masks the model's box (any phrase, not only
// COCO's 80 kinds) and says so. Real Qwen-VL weights cannot be downloaded here: the answers come from a stand-in
// `ground` task; the tiny pack runs for real in the worker test at the end.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { runnerContext } from '../../../test/helpers/engine/vision-context.js';
import { isScanlineError } from '../../common/errors.js';
import { Engine } from '../engine.js';
import { createPackRegistry } from '../pack-registry.js';
import type { RunTask, TaskContext } from '../task-runner.js';
import type { Region } from '../types.js';
import { createSegmentRunner } from './segment-runner.js';

const QWEN_TINY = fileURLToPath(new URL('../../../models/qwen2-vl-tiny/', import.meta.url));
const NOWHERE = fileURLToPath(new URL('./no-such-folder/', import.meta.url));

/** CenterNet (npm) plus a Qwen-VL pack installed by the user, whose `ground` answers `regions`. */
function grounding(regions: Region[], asked: string[] = []): TaskContext {
  const packs = createPackRegistry({ modelsDirs: [QWEN_TINY], repoModelsDir: NOWHERE }, () => undefined);
  const runTask = (async (task: string, inputs: { prompt?: string }) => {
    expect(task).toBe('ground');
    asked.push(inputs.prompt ?? '');
    return {
      regions,
      meta: { tokens: 20, stop: 'eos', pack: 'qwen2-vl-2b', testPack: false, realPack: 'qwen2-vl-2b' },
      timingsMs: { total: 1 },
    };
  }) as RunTask;
  return { ...runnerContext(packs), runTask };
}

function inside(mask: { data: Uint8Array; width: number }, box: [number, number, number, number]): number {
  let on = 0;
  let within = 0;
  for (let i = 0; i < mask.data.length / 3; i++) {
    if (mask.data[i * 3]! < 128) continue;
    on++;
    const x = i % mask.width;
    const y = Math.floor(i / mask.width);
    if (x >= box[0] && x < box[2] && y >= box[1] && y < box[3]) within++;
  }
  return on > 0 ? within / on : 0;
}

describe('segment runner with a Qwen-VL pack', () => {
  const runner = createSegmentRunner({ findIsNet: () => undefined });
  afterAll(() => runner.dispose?.());

  it('masks a thing COCO has no kind for, inside the box the model grounded', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const asked: string[] = [];
    // Where the cup of coffee is in the photo (the COCO detector's own box for "cup", rounded).
    const box: [number, number, number, number] = [150, 40, 470, 330];
    const result = await runner.run(
      { images: [photo], prompt: 'the espresso', options: { overlay: false } },
      grounding([{ label: 'espresso', score: 1, box }], asked),
    );
    expect(asked).toEqual(['the espresso']);
    expect(result.meta).toMatchObject({ groundedBy: 'qwen2-vl-2b' });
    expect(result.regions?.[0]?.label).toBe('the espresso');
    const mask = result.images![0]!;
    // The cut-out stays in the grounded box (grown a little for tails and handles).
    expect(inside(mask, [140, 30, 480, 340])).toBeGreaterThan(0.97);
  });

  it('takes the model at its word for a named kind: no stand-in, no COCO guess', async () => {
    const photo = await loadPhoto('chelsea-cat.jpg');
    const box: [number, number, number, number] = [100, 10, 451, 300];
    const result = await runner.run(
      { images: [photo], prompt: 'the cat', options: { overlay: false } },
      grounding([{ label: 'cat', score: 1, box }]),
    );
    expect(result.meta?.standIn).toBeUndefined();
    expect(result.meta?.groundedBy).toBe('qwen2-vl-2b');
    expect(result.regions?.[0]).toMatchObject({ label: 'the cat', score: 1 });
  });

  it('falls back to COCO detection when the model finds nothing, and refuses a non-COCO thing then', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const cup = await runner.run({ images: [photo], prompt: 'cup', options: { overlay: false } }, grounding([]));
    expect(cup.regions?.[0]?.label).toBe('cup');
    expect(cup.meta?.groundedBy).toBeUndefined();
    const error = await runner
      .run({ images: [photo], prompt: 'the espresso', options: { overlay: false } }, grounding([]))
      .catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('target_not_found');
  });
});

describe('segment in the worker with the tiny Qwen-VL pack installed', () => {
  let engine: Engine | undefined;
  afterAll(() => engine?.close());

  it('asks the pack through the worker, ignores its noise and finds the cup with COCO detection', async () => {
    engine = await Engine.start(
      { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [QWEN_TINY] },
      () => undefined,
    );
    const photo = await loadPhoto('coffee-cup.jpg');
    const result = await engine.run('segment', { images: [photo], prompt: 'cup', options: { overlay: false } });
    expect(result.regions?.[0]?.label).toBe('cup');
    expect(result.meta?.groundedBy).toBeUndefined();
    expect(result.timingsMs['ground']).toBeGreaterThan(0);
  });
});
