// The engine's public API. Importing this never loads onnxruntime on the main
// thread: sessions live in the inference worker.
export { Engine, EngineWorkerError } from './engine.js';
export type { EnginePacks, EngineStartOptions, EngineWorkerState } from './engine.js';
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
export { BUILTIN_RUNNERS, PACKLESS_TASKS } from './builtin-runners.js';
export type { BuiltinRunner } from './builtin-runners.js';
export { EngineInputError } from './task-inputs.js';
export { NPM_PACKS } from './npm-packs.js';
export type { NpmPackDescriptor } from './npm-packs.js';
export { createSessionFactory, sessionOptionsFor } from './session-factory.js';
export type { EngineSessionFactory, OrtLike } from './session-factory.js';
export type * from './types.js';
export type * from './task-runner.js';
// Image helpers the pipeline shares with the worker (sharp, never onnxruntime).
export { decodeImage, isOpaque } from './codec/decode.js';
export type { DecodedImage, DecodeOptions } from './codec/decode.js';
export {
  DEFAULT_PREVIEW_QUALITY,
  DEFAULT_PREVIEW_SIDE,
  encodeFinal,
  encodePreview,
  withExtension,
} from './codec/encode.js';
export type { FinalOptions, PreviewMime, PreviewOptions } from './codec/encode.js';
export { looksLikeHtml, MIME_BY_TYPE, sniffImageType } from './codec/sniff.js';
export type { SniffedType } from './codec/sniff.js';
export { drawOutlines } from './codec/draw-outlines.js';
export type { OutlineShape } from './codec/draw-outlines.js';
export { fromSharp, noiseSource, toSharp } from './edit/raw.js';
export { breakUnits, setText } from './edit/steps/caption-text.js';
export type { BreakLevel, SetText, TextStyle } from './edit/steps/caption-text.js';
export { isMaybe, MAYBE_BELOW } from './detect/select.js';
export { adultScore, formatScores } from './safety/scores.js';
