// COCO object detection in the inference worker (CenterNet on tfjs wasm).
export { createDetectRunner, MIN_SCORE_ALL, MIN_SCORE_TARGET } from './runner.js';
export { DETECT_PACK } from './centernet.js';
