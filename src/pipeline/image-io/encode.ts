// Encoding lives with the engine (the inference worker encodes finals); the pipeline keeps this name for it.
export {
  DEFAULT_PREVIEW_QUALITY,
  DEFAULT_PREVIEW_SIDE,
  encodeFinal,
  encodePreview,
  withExtension,
  type FinalOptions,
  type PreviewMime,
  type PreviewOptions,
} from '../../engine/index.js';
