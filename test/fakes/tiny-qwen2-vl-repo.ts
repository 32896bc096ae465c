// What the fake hub serves as `onnx-community/Qwen2-VL-2B-Instruct`: the published file layout
// (root configs and tokenizer files, `onnx/<graph><suffix>.onnx` for every dtype the catalog offers,
// external data beside the vision encoder and the decoder) with deterministic pseudo-random bytes.
import { DTYPE_SUFFIX, findCatalogEntry } from '../../src/packs/catalog.js';
import type { Dtype } from '../../src/packs/catalog.js';
import { pseudoRandom } from './tiny-janus-repo.js';

export const QWEN2_VL_REPO = 'onnx-community/Qwen2-VL-2B-Instruct';

/** Bytes of each decoder's `.onnx_data`: large enough that cutting and resuming it means something. */
export const QWEN2_VL_DECODER_DATA_BYTES = 2_000_000;

/** Root files the real repo has beside the ones the catalog fetches (https://huggingface.co/onnx-community/Qwen2-VL-2B-Instruct/tree/main). */
export const QWEN2_VL_UNFETCHED = ['vocab.json', 'merges.txt', 'added_tokens.json', 'README.md'];

export function tinyQwen2VlRepo(): Record<string, Uint8Array | string> {
  const entry = findCatalogEntry('qwen2-vl-2b');
  if (!entry) throw new Error('qwen2-vl-2b missing from the catalog');
  const repo: Record<string, Uint8Array | string> = {};
  for (const path of [...entry.common, ...QWEN2_VL_UNFETCHED]) {
    repo[path] = `${JSON.stringify({ file: path, model_type: 'qwen2_vl', tiny: true })}\n`;
  }
  let seed = 1;
  for (const dtype of Object.keys(entry.dtypes) as Dtype[]) {
    const suffix = DTYPE_SUFFIX[dtype];
    for (const session of entry.sessions) {
      const graph = `onnx/${session}${suffix}.onnx`;
      repo[graph] = pseudoRandom(20_000 + seed * 100, seed++);
      if (session === 'decoder_model_merged') {
        repo[`${graph}_data`] = pseudoRandom(QWEN2_VL_DECODER_DATA_BYTES, seed++);
      } else if (session === 'vision_encoder') {
        repo[`${graph}_data`] = pseudoRandom(300_000, seed++);
      }
    }
  }
  return repo;
}
