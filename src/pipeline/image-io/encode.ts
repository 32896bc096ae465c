// Encoding lives with the engine (the inference worker encodes finals); the pipeline keeps this name for it.
export * from '../../engine/codec/encode.js';
