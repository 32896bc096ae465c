// Decoding lives with the engine (the inference worker decodes inputs); the pipeline keeps this name for it.
export { decodeImage, isOpaque, type DecodedImage, type DecodeOptions } from '../../engine/index.js';
