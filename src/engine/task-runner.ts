import type { InferenceSession } from 'onnxruntime-node';
import type { EngineInputs, EngineProgress, EngineResult, EngineTask } from './types.js';

/** A model pack's manifest (`manifest.json` in the pack folder). */
export interface PackManifest {
  name: string;
  version: string;
  description: string;
  /** Engine tasks this pack serves. */
  tasks: EngineTask[];
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

export interface PackLookup {
  /** The best installed pack that serves the task, or undefined. */
  find(task: EngineTask): InstalledPack | undefined;
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
}

/** One engine task, living in the inference worker. Sessions are cached by the runner. */
export interface TaskRunner {
  readonly task: EngineTask;
  run(inputs: EngineInputs, ctx: TaskContext): Promise<EngineResult>;
  /** Releases the runner's sessions. */
  dispose?(): Promise<void>;
}
