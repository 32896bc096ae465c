// Opening a pulled pack with transformers.js inside the worker: offline from the pack folder (never a
// download), and with the dtype each session's file was pulled as (transformers.js picks files by dtype,
// so `onnx/vision_encoder_quantized.onnx` must be opened as q8, not fp32).
import { basename, dirname } from 'node:path';
import type { InstalledPack } from '../task-runner.js';

type Transformers = typeof import('@huggingface/transformers');
export type DataType = import('@huggingface/transformers').DataType;

/** transformers.js's dtype names by the suffix its ONNX files carry. */
const DTYPE_BY_SUFFIX: Record<string, DataType> = {
  '': 'fp32',
  _fp16: 'fp16',
  _int8: 'int8',
  _uint8: 'uint8',
  _quantized: 'q8',
  _q4: 'q4',
  _q4f16: 'q4f16',
  _bnb4: 'bnb4',
};

/** The dtype of each session (manifest role = transformers.js session file name), from its file's suffix. */
export function sessionDtypes(
  pack: Pick<InstalledPack, 'manifest'>,
  sessions: readonly string[],
): Record<string, DataType> {
  const out: Record<string, DataType> = {};
  for (const session of sessions) {
    const path = pack.manifest.files[session]?.path;
    if (!path) throw new Error(`${pack.manifest.name}: the manifest names no file for the ${session} graph`);
    const escaped = session.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const suffix = new RegExp(`${escaped}(_[a-z0-9]+)?\\.onnx$`).exec(path)?.[1] ?? '';
    const dtype = DTYPE_BY_SUFFIX[suffix];
    if (!dtype) throw new Error(`${pack.manifest.name}: no transformers.js dtype for the file ${path}`);
    out[session] = dtype;
  }
  return out;
}

/**
 * transformers.js set to read only the pack's folder, and the model id to pass to `from_pretrained`. The
 * settings are global to the library; every caller in the worker sets them the same way just before loading.
 */
export async function offlineTransformers(pack: InstalledPack): Promise<{ tf: Transformers; id: string }> {
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = dirname(pack.dir);
  return { tf, id: basename(pack.dir) };
}
