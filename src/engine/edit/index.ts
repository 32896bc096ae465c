// Edit programs in the inference worker: the runner and its mask source.
export { createEditRunner } from './runner.js';
export type { EditRunnerOptions } from './runner.js';
export { segmentMasks } from './segment-masks.js';
export type { MaskSource } from './segment-masks.js';
