import { describe, expect, it } from 'vitest';
import { ENGINE_TASKS } from '../engine/index.js';
import { CATALOG, DTYPE_SUFFIX, externalDataPath, externalDataRole, filesFor, findCatalogEntry } from './catalog.js';

describe('catalog', () => {
  it('fetches the mix transformers.js loads on CPU for janus-pro-1b q4', () => {
    const entry = findCatalogEntry('janus-pro-1b');
    expect(entry?.defaultDtype).toBe('q4');
    const onnx = filesFor(entry!, 'q4')
      .filter((f) => f.path.startsWith('onnx/'))
      .map((f) => f.path);
    expect(onnx).toEqual([
      'onnx/prepare_inputs_embeds_q4.onnx',
      'onnx/language_model_q4.onnx',
      'onnx/lm_head.onnx',
      'onnx/gen_head.onnx',
      'onnx/gen_img_embeds.onnx',
      'onnx/image_decode.onnx',
    ]);
  });

  it('keeps the fp32 image decoder in the q4f16 mix', () => {
    const files = filesFor(findCatalogEntry('janus-pro-1b')!, 'q4f16').map((f) => f.path);
    expect(files).toContain('onnx/language_model_q4f16.onnx');
    expect(files).toContain('onnx/lm_head_fp16.onnx');
    expect(files).toContain('onnx/image_decode.onnx');
  });

  it('pulls qwen2-vl-2b in the transformers.js layout, one suffix for all three graphs', () => {
    const entry = findCatalogEntry('qwen2-vl-2b');
    expect(entry).toMatchObject({ architecture: 'qwen2-vl', tasks: ['understand', 'ground'], license: 'Apache-2.0' });
    expect(entry?.defaultDtype).toBe('q4');
    const files = filesFor(entry!, 'q4f16');
    expect(files.filter((f) => f.path.startsWith('onnx/'))).toEqual([
      { path: 'onnx/embed_tokens_q4f16.onnx', role: 'embed_tokens', externalData: true },
      { path: 'onnx/vision_encoder_q4f16.onnx', role: 'vision_encoder', externalData: true },
      { path: 'onnx/decoder_model_merged_q4f16.onnx', role: 'decoder_model_merged', externalData: true },
    ]);
    expect(files.map((f) => f.role)).toEqual(
      expect.arrayContaining(['config', 'preprocessor_config', 'tokenizer', 'tokenizer_config', 'chat_template']),
    );
    expect(filesFor(entry!, 'fp32').map((f) => f.path)).toContain('onnx/decoder_model_merged.onnx');
  });

  it('pulls the mask packs in the layouts transformers.js loads: BiRefNet-lite and SlimSAM with box prompts', () => {
    const birefnet = findCatalogEntry('birefnet-lite');
    expect(birefnet).toMatchObject({
      architecture: 'birefnet',
      tasks: ['segment'],
      license: 'MIT',
      defaultDtype: 'fp32',
    });
    expect(filesFor(birefnet!, 'fp16').map((f) => f.path)).toEqual([
      'config.json',
      'preprocessor_config.json',
      'onnx/model_fp16.onnx',
    ]);
    const sam = findCatalogEntry('slimsam-77');
    expect(sam).toMatchObject({ architecture: 'sam', tasks: ['segment'], license: 'Apache-2.0' });
    expect(sam?.revision).toBe('points-and-boxes');
    expect(filesFor(sam!, 'quantized').map((f) => [f.path, f.role])).toEqual([
      ['config.json', 'config'],
      ['preprocessor_config.json', 'preprocessor_config'],
      ['onnx/vision_encoder_quantized.onnx', 'vision_encoder'],
      ['onnx/prompt_encoder_mask_decoder_quantized.onnx', 'prompt_encoder_mask_decoder'],
    ]);
  });

  it('puts configs before weights and gives every file a distinct role', () => {
    for (const entry of CATALOG) {
      for (const dtype of Object.keys(entry.dtypes)) {
        const files = filesFor(entry, dtype);
        const roles = files.map((f) => f.role);
        expect(new Set(roles).size, `${entry.name} ${dtype}`).toBe(roles.length);
        const firstOnnx = files.findIndex((f) => f.path.endsWith('.onnx'));
        expect(files.slice(firstOnnx).every((f) => f.path.endsWith('.onnx'))).toBe(true);
      }
    }
  });

  it('names packs and tasks the way manifests require', () => {
    for (const entry of CATALOG) {
      expect(entry.name).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
      expect(entry.tasks.every((t) => (ENGINE_TASKS as readonly string[]).includes(t))).toBe(true);
      expect(entry.dtypes[entry.defaultDtype]).toBeDefined();
      for (const choice of Object.values(entry.dtypes)) {
        expect(Object.values(choice.sessions).every((d) => d in DTYPE_SUFFIX)).toBe(true);
      }
    }
  });

  it('names external data chunks as ONNX does', () => {
    expect(externalDataPath('onnx/language_model.onnx', 0)).toBe('onnx/language_model.onnx_data');
    expect(externalDataPath('onnx/language_model.onnx', 2)).toBe('onnx/language_model.onnx_data_2');
    expect(externalDataRole('language_model', 0)).toBe('language_model.data');
    expect(externalDataRole('language_model', 1)).toBe('language_model.data_1');
  });

  it('refuses a dtype the pack does not have', () => {
    expect(() => filesFor(findCatalogEntry('depth-anything-v2-small')!, 'q2')).toThrow(/no dtype/);
  });
});
