import type { RawImage } from '../engine/types.js';
import { decodeImage } from './image-io/index.js';
import type { ImageRef } from './types.js';

export interface LoadedInputs {
  images: RawImage[];
  timingsMs: { download: number; decode: number };
}

function nameOf(ref: ImageRef): string {
  if (ref.name) return ref.name;
  try {
    return decodeURIComponent(new URL(ref.url).pathname.split('/').pop() || 'image');
  } catch {
    return 'image';
  }
}

/** Downloads (through each ref's own fetch, which applies the attachment policy) and decodes the inputs, in order. */
export async function loadInputImages(
  refs: readonly ImageRef[],
  opts: { maxPixels: number; signal: AbortSignal },
): Promise<LoadedInputs> {
  const timingsMs = { download: 0, decode: 0 };
  const images: RawImage[] = [];
  for (const ref of refs) {
    opts.signal.throwIfAborted();
    let t = performance.now();
    const bytes = await ref.fetch(opts.signal);
    timingsMs.download += performance.now() - t;
    t = performance.now();
    images.push(await decodeImage(bytes, { name: nameOf(ref), maxPixels: opts.maxPixels }));
    timingsMs.decode += performance.now() - t;
  }
  return { images, timingsMs };
}
