// Decoding lives with the engine (the inference worker decodes inputs); the pipeline keeps this name for it.
export * from '../../engine/codec/decode.js';
