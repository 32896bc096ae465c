// The OCR task: PaddleOCR v4 (det + cls + rec) for the inference worker.
export { createOcrRunner, OCR_PACK } from './runner.js';
export type { OcrLine } from './runner.js';
