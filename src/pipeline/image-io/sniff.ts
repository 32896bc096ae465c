// Type sniffing lives with the engine's codec; the pipeline keeps this name for it.
export * from '../../engine/codec/sniff.js';
