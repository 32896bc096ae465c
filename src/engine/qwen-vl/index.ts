// The Qwen-VL task runners (understand + ground) for the inference worker, on transformers.js.
export { createQwenVlRunners, isTestPack, QWEN_VL_ARCHITECTURE, QWEN_VL_PACK } from './runner.js';
