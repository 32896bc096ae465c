import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerContext } from '../../../test/helpers/engine/vision-context.js';
import { createPackRegistry } from '../pack-registry.js';
import { createQwenVlRunners } from '../qwen-vl/index.js';
import type { PackLookup, RunTask, TaskContext } from '../task-runner.js';
import type { EngineResult, RawImage } from '../types.js';
import { groundTarget } from './grounded-target.js';

const QWEN_TINY = fileURLToPath(new URL('../../../models/qwen2-vl-tiny/', import.meta.url));
const NOWHERE = fileURLToPath(new URL('./no-such-folder/', import.meta.url));

function lookup(dirs: string[]): PackLookup {
  return createPackRegistry({ modelsDirs: dirs, repoModelsDir: NOWHERE, npmPacks: [] }, () => undefined);
}

const image: RawImage = { data: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48, channels: 3 };

/** A context whose `ground` runs `answer` (a real Qwen pack's reply, which cannot be downloaded here). */
function withGround(answer: () => Promise<EngineResult<'ground'>>, packs = lookup([QWEN_TINY])): TaskContext {
  const runTask = (async (task: string) => {
    if (task !== 'ground') throw new Error(`unexpected task ${task}`);
    return answer();
  }) as RunTask;
  return { ...runnerContext(packs), runTask };
}

const meta = (testPack: boolean) => ({
  tokens: 9,
  stop: 'eos' as const,
  pack: 'qwen2-vl-2b',
  testPack,
  realPack: 'qwen2-vl-2b',
});

describe('groundTarget', () => {
  it('takes the first box a real pack answers, named as the user asked', async () => {
    const ctx = withGround(async () => ({
      regions: [
        { label: 'cat', score: 1, box: [4, 6, 40, 30] },
        { label: 'cat', score: 1, box: [1, 1, 5, 5] },
      ],
      meta: meta(false),
      timingsMs: { total: 1 },
    }));
    await expect(groundTarget(ctx, image, ' the cat ')).resolves.toEqual({
      kind: 'found',
      region: { label: 'the cat', score: 1, box: [4, 6, 40, 30] },
      pack: 'qwen2-vl-2b',
    });
  });

  it('says the model found nothing when it gave no box with an inside', async () => {
    const ctx = withGround(async () => ({
      regions: [{ label: 'x', score: 1, box: [5, 5, 5, 9] }],
      meta: meta(false),
      timingsMs: { total: 1 },
    }));
    await expect(groundTarget(ctx, image, 'the umbrella')).resolves.toEqual({ kind: 'none', pack: 'qwen2-vl-2b' });
  });

  it('does not use a test pack, a failing pack, or no pack at all', async () => {
    const test = withGround(async () => ({
      regions: [{ label: 'x', score: 1, box: [0, 0, 9, 9] }],
      meta: meta(true),
      timingsMs: { total: 1 },
    }));
    await expect(groundTarget(test, image, 'the cat')).resolves.toEqual({
      kind: 'unavailable',
      testPack: 'qwen2-vl-2b',
    });
    const broken = withGround(async () => {
      throw new Error('decoder_model_merged.onnx is damaged');
    });
    await expect(groundTarget(broken, image, 'the cat')).resolves.toEqual({
      kind: 'unavailable',
      error: 'decoder_model_merged.onnx is damaged',
    });
    const none = withGround(async () => {
      throw new Error('not asked');
    }, lookup([]));
    await expect(groundTarget(none, image, 'the cat')).resolves.toEqual({ kind: 'unavailable' });
    await expect(groundTarget(runnerContext(lookup([QWEN_TINY])), image, 'the cat')).resolves.toEqual({
      kind: 'unavailable',
    });
  });

  it('lets a cancel during grounding through', async () => {
    const ctx = {
      ...withGround(async () => {
        throw new DOMException('cancelled', 'AbortError');
      }),
      throwIfAborted() {
        throw new DOMException('cancelled', 'AbortError');
      },
    };
    await expect(groundTarget(ctx, image, 'the cat')).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('with the real ground runner on the tiny Qwen2-VL pack', () => {
    const [understand, ground] = createQwenVlRunners();
    afterAll(() => understand.dispose?.());

    it('asks it, and falls back because its boxes are noise', async () => {
      const packs = lookup([QWEN_TINY]);
      const ctx = runnerContext(packs);
      let asked = 0;
      ctx.runTask = (async (task: 'ground', inputs: Parameters<typeof ground.run>[0]) => {
        asked++;
        expect(task).toBe('ground');
        return ground.run({ ...inputs, options: { maxNewTokens: 4 } }, ctx);
      }) as RunTask;
      await expect(groundTarget(ctx, image, 'the cat')).resolves.toEqual({
        kind: 'unavailable',
        testPack: 'qwen2-vl-tiny',
      });
      expect(asked).toBe(1);
    });
  });
});
