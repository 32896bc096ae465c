// How a task hands its input image to the engine and gets its finals back: as files, decoded and
// encoded in the inference worker, so the main thread never holds the pixels.
import type { EngineInputs, EngineResult, ImageCodec, RawImage } from '../../engine/types.js';
import { drawAnnotations, regionsToAnnotations } from '../annotate.js';
import { encodeFinal } from '../image-io/index.js';
import type { EncodedImage } from '../types.js';
import type { TaskContext } from './task-handler.js';

/** The first input for the engine: its file when the pipeline has one, else decoded pixels. */
export function firstInput(ctx: TaskContext, finals?: ImageCodec['finals']): Pick<EngineInputs, 'images' | 'codec'> {
  const file = ctx.files?.[0];
  if (file) return { images: [], codec: { files: [file], maxPixels: ctx.maxPixels, ...(finals ? { finals } : {}) } };
  const image = ctx.images[0];
  return { images: image ? [image] : [], ...(finals ? { codec: { finals } } : {}) };
}

export function hasInput(ctx: TaskContext): boolean {
  return (ctx.files?.length ?? 0) > 0 || ctx.images.length > 0;
}

/** Width and height of the first input, as decoded (in the worker when it was a file). */
export function firstInputSize(ctx: TaskContext, result: EngineResult): { width: number; height: number } {
  const size = result.inputSizes?.[0] ?? ctx.images[0];
  if (!size) throw new Error('the engine reported no input size');
  return { width: size.width, height: size.height };
}

/**
 * The finals: the engine's files, or (an engine that does not encode, such as a test double)
 * the same finals made here from its raw images or outlines over `canvas`.
 */
export async function finalImages(
  result: EngineResult,
  finals: NonNullable<ImageCodec['finals']>,
  canvas?: RawImage,
): Promise<EncodedImage[]> {
  if (result.files) return result.files;
  let sources = result.images ?? [];
  if (finals.drawRegions && canvas) {
    const { width, height } = canvas;
    sources = [await drawAnnotations(canvas, regionsToAnnotations(result.regions ?? [], 'object', width, height))];
  }
  const out: EncodedImage[] = [];
  for (const [i, image] of sources.entries()) {
    const name = finals.names[Math.min(i, finals.names.length - 1)] ?? 'scanline';
    out.push(await encodeFinal(image, { maxBytes: finals.maxBytes, name }));
  }
  return out;
}
