import type {
  EncodedInput,
  EngineInputs,
  EngineProgress,
  EngineResult,
  EngineTask,
  RawImage,
  RunOptions,
} from '../../engine/index.js';
import type { Annotation, EncodedImage, Plan } from '../types.js';

/** What the pipeline needs of the engine (the Engine class, or anything that speaks its API). */
export interface EngineClient {
  run<T extends EngineTask>(task: T, inputs: EngineInputs<T>, opts?: RunOptions): Promise<EngineResult<T>>;
}

export interface TaskContext {
  plan: Plan;
  /** Decoded input images (the replied-to image first when iterating); empty when `files` carries them. */
  images: RawImage[];
  /** The input images as files, for the inference worker to decode (the replied-to image first). */
  files?: EncodedInput[];
  /** Largest decoded input, in pixels (for `files`). */
  maxPixels?: number;
  engine: EngineClient;
  signal: AbortSignal;
  progress(update: EngineProgress): void;
  /** Largest final file the platform takes. */
  maxFileBytes: number;
}

export interface TaskOutput {
  images: EncodedImage[];
  text?: string;
  annotations?: Annotation[];
  notes?: string[];
  timingsMs: Record<string, number>;
}

/** One user-level task: turns a plan and inputs into what the reply shows. */
export interface TaskHandler {
  /** Needs at least one input image; the pipeline answers `image_missing` otherwise. */
  readonly needsImage: boolean;
  run(ctx: TaskContext): Promise<TaskOutput>;
}
