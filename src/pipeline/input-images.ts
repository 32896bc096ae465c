import type { EncodedInput } from '../engine/index.js';
import type { ImageRef } from './types.js';

function nameOf(ref: ImageRef): string {
  if (ref.name) return ref.name;
  try {
    return decodeURIComponent(new URL(ref.url).pathname.split('/').pop() || 'image');
  } catch {
    return 'image';
  }
}

export interface LoadedFiles {
  files: EncodedInput[];
  timingsMs: { download: number };
}

/** Downloads the inputs, in order, without decoding: the inference worker decodes them, off the main thread. */
export async function loadInputFiles(refs: readonly ImageRef[], opts: { signal: AbortSignal }): Promise<LoadedFiles> {
  const files: EncodedInput[] = [];
  const started = performance.now();
  for (const ref of refs) {
    opts.signal.throwIfAborted();
    files.push({ data: await ref.fetch(opts.signal), name: nameOf(ref) });
  }
  return { files, timingsMs: { download: performance.now() - started } };
}
