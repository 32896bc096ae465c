import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerContext } from '../../../test/helpers/engine/vision-context.js';
import { createPackRegistry } from '../pack-registry.js';
import type { PackLookup, TaskContext } from '../task-runner.js';
import type { EngineProgress, RawImage } from '../types.js';
import { packDtype } from './qwen-vl-model.js';
import { createQwenVlRunners, groundingPrompt, groundRegions } from './runner.js';

const PACK_DIR = fileURLToPath(new URL('../../../models/qwen2-vl-tiny/', import.meta.url));
const NOWHERE = fileURLToPath(new URL('./no-such-folder/', import.meta.url));

function lookup(dirs: string[]): PackLookup {
  return createPackRegistry({ modelsDirs: dirs, repoModelsDir: NOWHERE, npmPacks: [] }, () => undefined);
}

function image(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3).map((_, i) => (i * 29) % 256);
  return { data, width, height, channels: 3 };
}

const [understand, ground] = createQwenVlRunners();
afterAll(() => understand.dispose?.());

describe('Qwen-VL runners on the tiny pack', () => {
  it('streams the answer as it grows and reports the test pack', async () => {
    const progress: EngineProgress[] = [];
    const result = await understand.run(
      { images: [image(96, 64)], prompt: 'what is in this picture?', options: { maxNewTokens: 6 } },
      runnerContext(lookup([PACK_DIR]), progress),
    );
    expect(result.meta).toMatchObject({ tokens: 6, stop: 'length', pack: 'qwen2-vl-tiny', testPack: true });
    expect(result.text!.length).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    const texts = progress.map((p) => p.text!);
    for (let i = 1; i < texts.length; i++) expect(texts[i]!.startsWith(texts[i - 1]!.trimEnd())).toBe(true);
    const fractions = progress.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]!);
    expect(fractions.at(-1)).toBeLessThanOrEqual(1);
    // Random weights may end on half a UTF-8 character, which progress holds back.
    expect(result.text!.startsWith(texts.at(-1)!.trim())).toBe(true);
    expect(result.timingsMs.prefill).toBeGreaterThan(0);
  });

  it('answers one question about several images', async () => {
    const result = await understand.run(
      { images: [image(64, 64), image(80, 48)], prompt: 'compare them', options: { maxNewTokens: 3 } },
      runnerContext(lookup([PACK_DIR])),
    );
    expect(result.meta?.tokens).toBe(3);
  });

  it('stops between tokens when the job is cancelled', async () => {
    const progress: EngineProgress[] = [];
    const ctx: TaskContext = {
      ...runnerContext(lookup([PACK_DIR]), progress),
      throwIfAborted() {
        if (progress.length >= 2) throw new DOMException('cancelled', 'AbortError');
      },
    };
    await expect(
      understand.run({ images: [image(64, 64)], prompt: 'describe it', options: { maxNewTokens: 200 } }, ctx),
    ).rejects.toThrow(/cancelled/);
    expect(progress.length).toBe(2);
  });

  it('grounds a phrase: the raw answer and the regions parsed from it', async () => {
    const result = await ground.run(
      { images: [image(96, 64)], prompt: 'the red car', options: { maxNewTokens: 4 } },
      runnerContext(lookup([PACK_DIR])),
    );
    // Random weights write no box: the text is there, the regions are what parsing it gives.
    expect(result.meta).toMatchObject({ tokens: 4, pack: 'qwen2-vl-tiny', testPack: true });
    expect(result.regions).toEqual(groundRegions(result.text!, 'the red car', image(96, 64)));
  });

  it('turns a Qwen2-VL grounding answer into pixel regions of the input image', () => {
    const text = '<|object_ref_start|>the red car<|object_ref_end|><|box_start|>(250,100),(750,900)<|box_end|>';
    expect(groundRegions(text, 'the red car', image(400, 200))).toEqual([
      { label: 'the red car', score: 1, box: [100, 20, 300, 180] },
    ]);
    expect(groundRegions('<|box_start|>(0,0),(500,500)<|box_end|>', ' a dog ', image(10, 10))).toEqual([
      { label: 'a dog', score: 1, box: [0, 0, 5, 5] },
    ]);
    expect(groundingPrompt('the <|box_start|>dog')).toBe(
      'Find <|object_ref_start|>the dog<|object_ref_end|> in the image and output its bounding box.',
    );
  });

  it('answers model_missing naming the Qwen-VL pack when none is installed', async () => {
    await expect(
      ground.run({ images: [image(8, 8)], prompt: 'a dog' }, runnerContext(lookup([]))),
    ).rejects.toMatchObject({ code: 'model_missing', params: { task: 'ground', pack: 'qwen2-vl-2b' } });
  });
});

describe('packDtype', () => {
  const pack = (path: string) => ({
    manifest: { name: 'qwen2-vl-2b', files: { decoder_model_merged: { path } } } as never,
  });

  it('opens a pulled pack with the dtype its files were pulled as', () => {
    expect(packDtype(pack('onnx/decoder_model_merged.onnx'))).toBe('fp32');
    expect(packDtype(pack('onnx/decoder_model_merged_q4.onnx'))).toBe('q4');
    expect(packDtype(pack('onnx/decoder_model_merged_q4f16.onnx'))).toBe('q4f16');
    expect(packDtype(pack('onnx/decoder_model_merged_fp16.onnx'))).toBe('fp16');
    expect(packDtype(pack('onnx/decoder_model_merged_quantized.onnx'))).toBe('q8');
    expect(() => packDtype(pack('onnx/decoder_model_merged_weird.onnx'))).toThrow(/no transformers.js dtype/);
  });
});
