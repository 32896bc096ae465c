// The engine's public API. Importing this never loads onnxruntime on the main
// thread: sessions live in the inference worker.
export { Engine, EngineWorkerError } from './engine.js';
export type { EnginePacks, EngineStartOptions } from './engine.js';
export type { EngineLog, EngineLogLevel } from './engine-log.js';
export { createPackRegistry, defaultRepoModelsDir, verifyPack } from './pack-registry.js';
export type {
  PackFileCheck,
  PackFileStatus,
  PackListing,
  PackRegistry,
  PackRegistryOptions,
  SkippedPack,
} from './pack-registry.js';
export { parseManifest, ENGINE_TASKS } from './pack-manifest.js';
export { NPM_PACKS } from './npm-packs.js';
export type { NpmPackDescriptor } from './npm-packs.js';
export { createSessionFactory, sessionOptionsFor } from './session-factory.js';
export type { EngineSessionFactory, OrtLike } from './session-factory.js';
export type * from './types.js';
export type * from './task-runner.js';
