// The image work the inference worker does around a run: input files decoded before it, finals
// encoded after it. Raw pixels then never reach the main thread, whose event loop they stalled
// (copies, structured clones of sharp's non-transferable buffers, full GCs for external memory).
import type {
  EncodedFile,
  EngineInputs,
  EngineResult,
  EngineTask,
  ImageCodec,
  RawImage,
  SafetyScores,
} from '../types.js';
import { decodeImage } from './decode.js';
import { drawOutlines } from './draw-outlines.js';
import { encodeFinal } from './encode.js';

/** Largest decoded input when the caller gave no budget (SCANLINE_MAX_MEGAPIXELS' default). */
const DEFAULT_MAX_PIXELS = 40_000_000;

export interface PreparedInputs<T extends EngineTask = EngineTask> {
  inputs: EngineInputs<T>;
  /** A copy of the first input to draw on, when the finals are outlines over it. */
  canvas?: RawImage;
  sizes?: { width: number; height: number }[];
  decodeMs: number;
}

/** Decodes `codec.files` (in order, before any raw images) for the runner. */
export async function prepareInputs<T extends EngineTask>(
  inputs: EngineInputs<T>,
  throwIfAborted: () => void,
): Promise<PreparedInputs<T>> {
  const codec = inputs.codec;
  if (!codec) return { inputs, decodeMs: 0 };
  const started = performance.now();
  const decoded: RawImage[] = [];
  for (const file of codec.files ?? []) {
    const image = await decodeImage(file.data, { name: file.name, maxPixels: codec.maxPixels ?? DEFAULT_MAX_PIXELS });
    decoded.push({ data: image.data, width: image.width, height: image.height, channels: image.channels });
    throwIfAborted();
  }
  const images = [...decoded, ...inputs.images];
  const first = images[0];
  // Runners may reuse their input's memory: the outlines are drawn on a copy taken now.
  const canvas = codec.finals?.drawRegions && first ? { ...first, data: first.data.slice() } : undefined;
  return {
    inputs: { ...inputs, images, codec: { ...codec, files: [] } },
    ...(canvas ? { canvas } : {}),
    ...(decoded.length > 0 ? { sizes: images.map(({ width, height }) => ({ width, height })) } : {}),
    decodeMs: decoded.length > 0 ? performance.now() - started : 0,
  };
}

/** Classifies an image the run made (the run's safety screen). */
export interface ImageScorer {
  score(image: RawImage): SafetyScores;
}

/**
 * Encodes the finals the caller asked for; the result then carries files instead of raw images.
 * With a `scorer`, each final (or raw result image) is classified as it will be posted.
 */
export async function finishResult<T extends EngineTask>(
  result: EngineResult<T>,
  prepared: PreparedInputs<T>,
  codec: ImageCodec | undefined,
  scorer?: ImageScorer,
): Promise<EngineResult<T>> {
  const timingsMs = prepared.decodeMs > 0 ? { ...result.timingsMs, decode: prepared.decodeMs } : result.timingsMs;
  const sized = prepared.sizes ? { inputSizes: prepared.sizes } : {};
  const finals = codec?.finals;
  if (!finals) {
    const scored = scorer && { safety: { inputs: [], images: (result.images ?? []).map((i) => scorer.score(i)) } };
    return { ...result, timingsMs, ...sized, ...scored };
  }
  const started = performance.now();
  let sources: RawImage[];
  if (finals.drawRegions) {
    const canvas = prepared.canvas ?? result.images?.[0];
    sources = canvas ? [await drawOutlines(canvas, result.regions ?? [])] : [];
  } else sources = result.images ?? [];
  const files: EncodedFile[] = [];
  // The classifier's time is the run's `safety` timing, not the encode's.
  let scoringMs = 0;
  for (const [i, image] of sources.entries()) {
    const name = finals.names[Math.min(i, finals.names.length - 1)] ?? 'scanline';
    const file: EncodedFile = await encodeFinal(image, { maxBytes: finals.maxBytes, name });
    const t = performance.now();
    files.push(scorer ? { ...file, safety: scorer.score(image) } : file);
    scoringMs += performance.now() - t;
  }
  const encoded: EngineResult<T> = {
    ...result,
    ...sized,
    files,
    timingsMs: { ...timingsMs, encode: performance.now() - started - scoringMs },
  };
  // The raw images stay here: only the files cross back to the main thread.
  delete encoded.images;
  return encoded;
}
