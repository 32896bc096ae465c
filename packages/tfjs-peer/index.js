// The tfjs umbrella minus the browser backends and tfjs-data: what a package that
// imports '@tensorflow/tfjs' in Node on the wasm backend can use.
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
export * from '@tensorflow/tfjs-converter';
