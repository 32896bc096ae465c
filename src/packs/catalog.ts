// The packs `scanline models pull NAME` knows: which hub repo, which files for
// each dtype choice, and the manifest role each file gets once installed.
import type { EngineTask } from '../engine/index.js';

/** transformers.js file-name suffixes by dtype (`onnx/<session><suffix>.onnx`). */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q4: '_q4',
  q4f16: '_q4f16',
  quantized: '_quantized',
} as const;

export type Dtype = keyof typeof DTYPE_SUFFIX;

/** One file to fetch, by its path in the hub repo (kept as the path inside the pack folder). */
export interface CatalogFile {
  path: string;
  /** The manifest role the engine asks for (`pack.file(role)`). */
  role: string;
  /**
   * ONNX graphs may keep their weights in `<path>_data`, `<path>_data_1`...
   * (ONNX external data); those are probed and fetched when the hub has them.
   */
  externalData?: boolean;
}

export interface DtypeChoice {
  /** One line for `models list` and `--help`. */
  summary: string;
  /** Per session dtype (sessions not listed use the choice's own name). */
  sessions: Record<string, Dtype>;
}

export interface CatalogEntry {
  name: string;
  /** `owner/name` on the hub. */
  repo: string;
  revision: string;
  description: string;
  tasks: EngineTask[];
  /** Written into the manifest: the worker runs the pack with this architecture's runner. */
  architecture: string;
  license: string;
  /** Model card, for the license and for gated repos. */
  cardUrl: string;
  /** Files every dtype needs (configs, tokenizer). */
  common: string[];
  /** ONNX sessions under `onnx/`, named as transformers.js names them. */
  sessions: string[];
  dtypes: Record<string, DtypeChoice>;
  defaultDtype: string;
  /** Sizes read from the hub's public file listing, per dtype, in bytes; shown before a pull. */
  listedBytes?: Record<string, number>;
  /** A test pack (random weights); listed apart. */
  testOnly?: boolean;
}

const JANUS_SESSIONS = [
  'prepare_inputs_embeds',
  'language_model',
  'lm_head',
  'gen_head',
  'gen_img_embeds',
  'image_decode',
];

const JANUS_CONFIGS = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'processor_config.json',
  'special_tokens_map.json',
  'tokenizer.json',
  'tokenizer_config.json',
];

// The three graphs transformers.js 4.3.1 opens for Qwen2VLForConditionalGeneration (its
// image-text-to-text session table), as in the onnx/ folder of
// https://huggingface.co/hf-internal-testing/tiny-random-Qwen2VLForConditionalGeneration/tree/refs%2Fpr%2F2/onnx
const QWEN2_VL_SESSIONS = ['embed_tokens', 'vision_encoder', 'decoder_model_merged'];

// Root files of https://huggingface.co/onnx-community/Qwen2-VL-2B-Instruct/tree/main: those transformers.js reads,
// plus chat_template.json (the processor's template, 1 kB); vocab.json, merges.txt and added_tokens.json are left
// out because tokenizer.json already holds them.
const QWEN2_VL_CONFIGS = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'chat_template.json',
  'tokenizer.json',
  'tokenizer_config.json',
];

function uniform(dtype: Dtype, sessions: string[]): Record<string, Dtype> {
  return Object.fromEntries(sessions.map((s) => [s, dtype]));
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    name: 'janus-pro-1b',
    repo: 'onnx-community/Janus-Pro-1B-ONNX',
    revision: 'main',
    description: 'Janus-Pro 1B (DeepSeek): text-to-image in 576 raster-order tokens, and questions about images',
    tasks: ['generate', 'understand'],
    architecture: 'janus',
    license: 'MIT (code) / DeepSeek model license',
    cardUrl: 'https://huggingface.co/onnx-community/Janus-Pro-1B-ONNX',
    common: JANUS_CONFIGS,
    sessions: JANUS_SESSIONS,
    dtypes: {
      // The two mixes transformers.js's own Janus-Pro example loads (for CPU/wasm and for fp16 GPUs).
      q4: {
        summary: '4-bit language model, fp32 heads and decoder: the CPU default',
        sessions: { ...uniform('fp32', JANUS_SESSIONS), prepare_inputs_embeds: 'q4', language_model: 'q4' },
      },
      q4f16: {
        summary: '4-bit weights with fp16 activations and fp16 heads: for GPUs with fp16',
        sessions: {
          prepare_inputs_embeds: 'q4',
          language_model: 'q4f16',
          lm_head: 'fp16',
          gen_head: 'fp16',
          gen_img_embeds: 'fp16',
          image_decode: 'fp32',
        },
      },
      fp16: { summary: 'every session in fp16 (GPU)', sessions: uniform('fp16', JANUS_SESSIONS) },
      fp32: { summary: 'every session in fp32: largest, reference quality', sessions: uniform('fp32', JANUS_SESSIONS) },
      quantized: { summary: 'every session 8-bit quantized', sessions: uniform('quantized', JANUS_SESSIONS) },
    },
    defaultDtype: 'q4',
  },
  {
    name: 'depth-anything-v2-small',
    repo: 'onnx-community/depth-anything-v2-small',
    revision: 'main',
    description: 'Depth Anything V2 Small: relative depth maps',
    tasks: ['depth'],
    architecture: 'depth-anything-v2',
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/onnx-community/depth-anything-v2-small',
    common: ['config.json', 'preprocessor_config.json'],
    sessions: ['model'],
    dtypes: {
      fp32: { summary: 'full precision (99.1 MB)', sessions: { model: 'fp32' } },
      fp16: { summary: 'half precision (49.6 MB)', sessions: { model: 'fp16' } },
      quantized: { summary: '8-bit (27.3 MB)', sessions: { model: 'quantized' } },
      q4: { summary: '4-bit (27.4 MB)', sessions: { model: 'q4' } },
      q4f16: { summary: '4-bit, fp16 activations (19.1 MB)', sessions: { model: 'q4f16' } },
    },
    defaultDtype: 'fp32',
    // The hub's listing shows these sizes (MB, rounded) for onnx/model*.onnx.
    listedBytes: { fp32: 99.1e6, fp16: 49.6e6, quantized: 27.3e6, q4: 27.4e6, q4f16: 19.1e6 },
  },
  {
    name: 'qwen2-vl-2b',
    repo: 'onnx-community/Qwen2-VL-2B-Instruct',
    revision: 'main',
    description: 'Qwen2-VL 2B Instruct: questions about images, captions, text in images, phrases to boxes',
    tasks: ['understand', 'ground'],
    architecture: 'qwen2-vl',
    // The repo card's license tag (https://huggingface.co/onnx-community/Qwen2-VL-2B-Instruct).
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/onnx-community/Qwen2-VL-2B-Instruct',
    common: QWEN2_VL_CONFIGS,
    sessions: QWEN2_VL_SESSIONS,
    // The big graphs keep their weights in `<graph>.onnx_data` (the hub's blob pages under
    // https://huggingface.co/onnx-community/Qwen2-VL-2B-Instruct/blob/main/onnx/: decoder_model_merged.onnx_data
    // 6.17 GB, decoder_model_merged_fp16.onnx_data 3.09 GB, vision_encoder_q4.onnx_data 2.66 GB); the pull probes them.
    // Only the uniform mixes transformers.js loads with `dtype: 'q4' | 'q4f16' | 'fp16' | 'fp32'` are offered.
    dtypes: {
      q4: {
        summary: '4-bit decoder with fp32 activations (the vision encoder stays near fp32): the CPU default',
        sessions: uniform('q4', QWEN2_VL_SESSIONS),
      },
      q4f16: {
        summary: '4-bit weights with fp16 activations: for GPUs with fp16',
        sessions: uniform('q4f16', QWEN2_VL_SESSIONS),
      },
      fp16: { summary: 'every graph in fp16 (GPU)', sessions: uniform('fp16', QWEN2_VL_SESSIONS) },
      fp32: {
        summary: 'every graph in fp32 (the decoder alone is 6.2 GB): largest, reference quality',
        sessions: uniform('fp32', QWEN2_VL_SESSIONS),
      },
    },
    // q4, the mix transformers.js examples load for CPU/wasm: 4-bit decoder weights instead of fp32's 6.17 GB, with
    // fp32 activations, which every onnxruntime CPU kernel takes (q4f16 and fp16 need fp16 ones, a GPU's strength).
    defaultDtype: 'q4',
  },
  {
    name: 'birefnet-lite',
    repo: 'onnx-community/BiRefNet_lite-ONNX',
    revision: 'main',
    description: 'BiRefNet-lite: salient-object masks for "remove the background" and cleaner object cut-outs',
    tasks: ['segment'],
    architecture: 'birefnet',
    // The repo card's license tag (https://huggingface.co/onnx-community/BiRefNet_lite-ONNX), as ZhengPeng7/BiRefNet's.
    license: 'MIT',
    cardUrl: 'https://huggingface.co/onnx-community/BiRefNet_lite-ONNX',
    common: ['config.json', 'preprocessor_config.json'],
    sessions: ['model'],
    dtypes: {
      fp32: { summary: 'full precision (224 MB): the CPU default', sessions: { model: 'fp32' } },
      fp16: { summary: 'half precision (115 MB): for GPUs with fp16', sessions: { model: 'fp16' } },
    },
    // fp32: every onnxruntime CPU kernel takes it; fp16 halves the download but needs fp16 kernels (a GPU's strength).
    defaultDtype: 'fp32',
    // The hub's listing of onnx/ shows model.onnx 224 MB and model_fp16.onnx 115 MB.
    listedBytes: { fp32: 224e6, fp16: 115e6 },
  },
  {
    name: 'slimsam-77',
    repo: 'Xenova/slimsam-77-uniform',
    // The branch whose prompt_encoder_mask_decoder takes input_boxes (main's takes points only): a detector's box is
    // the prompt. Its onnx/ lists vision_encoder.onnx 23.3 MB, _quantized 8.88 MB; prompt_encoder_mask_decoder.onnx
    // 16.6 MB, _quantized 5.02 MB (https://huggingface.co/Xenova/slimsam-77-uniform/tree/points-and-boxes/onnx).
    revision: 'points-and-boxes',
    description: 'SlimSAM-77 (SAM pruned to 9.4 M parameters): the mask of a named object from its box',
    tasks: ['segment'],
    architecture: 'sam',
    // SlimSAM's license (https://huggingface.co/Zigeng/SlimSAM-uniform-77), as Segment Anything's.
    license: 'Apache-2.0',
    cardUrl: 'https://huggingface.co/Xenova/slimsam-77-uniform',
    common: ['config.json', 'preprocessor_config.json'],
    sessions: ['vision_encoder', 'prompt_encoder_mask_decoder'],
    dtypes: {
      fp32: {
        summary: 'full precision (40 MB): the default',
        sessions: uniform('fp32', ['vision_encoder', 'prompt_encoder_mask_decoder']),
      },
      quantized: {
        summary: '8-bit (14 MB): smaller, slightly coarser masks',
        sessions: uniform('quantized', ['vision_encoder', 'prompt_encoder_mask_decoder']),
      },
    },
    defaultDtype: 'fp32',
    listedBytes: { fp32: 39.9e6, quantized: 13.9e6 },
  },
  {
    name: 'janus-tiny',
    repo: 'scanline/janus-tiny',
    revision: 'main',
    description: 'Janus layout with tiny random weights, for tests (draws noise, answers nonsense)',
    tasks: ['generate', 'understand'],
    architecture: 'janus',
    license: 'MIT',
    cardUrl: 'https://huggingface.co/scanline/janus-tiny',
    common: JANUS_CONFIGS,
    sessions: JANUS_SESSIONS,
    dtypes: { fp32: { summary: 'fp32 (the only variant)', sessions: uniform('fp32', JANUS_SESSIONS) } },
    defaultDtype: 'fp32',
    testOnly: true,
  },
];

export function findCatalogEntry(name: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry | undefined {
  return catalog.find((e) => e.name === name);
}

/** Manifest role of a config file: its name without `.json` (`tokenizer_config`). */
export function configRole(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.json$/, '');
}

/** The files to fetch for one dtype choice, in download order (small configs first). */
export function filesFor(entry: CatalogEntry, dtypeName: string): CatalogFile[] {
  const choice = entry.dtypes[dtypeName];
  if (!choice) throw new Error(`${entry.name} has no dtype ${dtypeName}`);
  const files: CatalogFile[] = entry.common.map((path) => ({ path, role: configRole(path) }));
  for (const session of entry.sessions) {
    const dtype = choice.sessions[session] ?? (dtypeName as Dtype);
    const suffix = DTYPE_SUFFIX[dtype];
    files.push({ path: `onnx/${session}${suffix}.onnx`, role: session, externalData: true });
  }
  return files;
}

/** Role of the n-th external data chunk of a session (`language_model.data`, `language_model.data_1`). */
export function externalDataRole(role: string, chunk: number): string {
  return chunk === 0 ? `${role}.data` : `${role}.data_${chunk}`;
}

/** File name of the n-th external data chunk, as ONNX and transformers.js name it. */
export function externalDataPath(path: string, chunk: number): string {
  return chunk === 0 ? `${path}_data` : `${path}_data_${chunk}`;
}
