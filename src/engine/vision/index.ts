// opencv.js runners in the inference worker: GrabCut masks and Canny edges.
export { createSegmentRunner, FOREGROUND_LABEL } from './segment-runner.js';
export type { SegmentRunnerOptions } from './segment-runner.js';
export { createEdgesRunner } from './edges-runner.js';
