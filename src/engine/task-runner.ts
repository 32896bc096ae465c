import type { InferenceSession } from 'onnxruntime-node';
import type { EngineInputs, EngineProgress, EngineResult, EngineTask } from './types.js';

/** Runs another task's runner inside this worker, under the same cancel (its progress is not reported). */
export type RunTask = <T extends EngineTask>(task: T, inputs: EngineInputs<T>) => Promise<EngineResult<T>>;

/** A model pack's manifest (`manifest.json` in the pack folder). */
export interface PackManifest {
  name: string;
  version: string;
  description: string;
  /** Engine tasks this pack serves. */
  tasks: EngineTask[];
  /** The model family (`janus`, `paddleocr-v4`...): the worker runs the pack with the runner of this name. */
  architecture: string;
  /** Files by role (e.g. `det`, `rec`, `keys`), paths relative to the pack folder. */
  files: Record<string, { path: string; sha256?: string; bytes?: number }>;
  license: string;
  /** Where the weights come from (URL or npm package name). */
  source: string;
}

export type PackOrigin = 'repo' | 'npm' | 'user';

export interface InstalledPack {
  manifest: PackManifest;
  /** Absolute folder the manifest's file paths are relative to. */
  dir: string;
  origin: PackOrigin;
  /** Absolute path of the file with this role; throws when the manifest has no such role. */
  file(role: string): string;
}

/**
 * Installed packs in preference order: SCANLINE_MODELS_DIR folders (in the order given), then the
 * repo's models/, then npm packages; within one place, discovery order (folder names sorted).
 */
export interface PackLookup {
  /** The preferred pack that serves the task (and is of `architecture`, when given), or undefined. */
  find(task: EngineTask, architecture?: string): InstalledPack | undefined;
  /** Every pack that serves the task, preferred first. */
  findAll(task: EngineTask): InstalledPack[];
  list(): InstalledPack[];
}

/** Creates sessions with the configured execution provider, threads and spinning. */
export interface SessionFactory {
  create(modelPath: string): Promise<InferenceSession>;
}

/** What a task runner gets from the worker for one call. */
export interface TaskContext {
  sessions: SessionFactory;
  packs: PackLookup;
  /** Throws an AbortError when the job was cancelled; call between model steps. */
  throwIfAborted(): void;
  progress(progress: EngineProgress): void;
  /** Largest KV cache of one batch in bytes, for runners that batch (absent: no limit). */
  batchCacheBytes?: number;
  /** Another task in the same worker (segment asks `ground` to find a named thing); the worker sets it. */
  runTask?: RunTask;
}

/** One engine task, living in the inference worker. Sessions are cached by the runner (session-cache.ts). */
export interface TaskRunner<T extends EngineTask = EngineTask> {
  readonly task: T;
  /** The pack architecture this runner runs (it asks `ctx.packs.find(task, architecture)`); absent: it needs no pack. */
  readonly architecture?: string;
  /**
   * True when concurrent calls share one batch (continuous batching): the worker then starts up
   * to its batch limit of this task's calls at once instead of one after another.
   */
  readonly batching?: boolean;
  /** `inputs` were checked against the task's schema in the worker (task-inputs.ts). */
  run(inputs: EngineInputs<T>, ctx: TaskContext): Promise<EngineResult<T>>;
  /** Releases the runner's sessions. */
  dispose?(): Promise<void>;
}
