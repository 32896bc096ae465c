// Relative depth maps from a pulled Depth-Anything-V2 ONNX pack.
export { createDepthRunner, DEPTH_PACK } from './runner.js';
