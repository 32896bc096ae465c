// How a task hands its input image to the engine and gets its finals back: as files, decoded and
// encoded in the inference worker, so the main thread never holds the pixels.
import type { EngineInputs, EngineResult, ImageCodec, RawImage } from '../../engine/index.js';
import { drawAnnotations, regionsToAnnotations } from '../annotate.js';
import { encodeFinal } from '../image-io/index.js';
import type { EncodedImage } from '../types.js';
import type { TaskContext } from './task-handler.js';

/** The first `count` inputs for the engine: their files when the pipeline has them, else decoded pixels. */
export function engineInputs(
  ctx: TaskContext,
  finals?: ImageCodec['finals'],
  count = 1,
): Pick<EngineInputs, 'images' | 'codec'> {
  const files = ctx.files?.slice(0, count) ?? [];
  if (files.length > 0)
    return { images: [], codec: { files, maxPixels: ctx.maxPixels, ...(finals ? { finals } : {}) } };
  return { images: ctx.images.slice(0, count), ...(finals ? { codec: { finals } } : {}) };
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
