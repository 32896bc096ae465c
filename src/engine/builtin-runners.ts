import type { TaskRunner } from './task-runner.js';

/**
 * The task runners every engine worker starts with. Loaded inside the worker
 * only, so the main thread never imports onnxruntime or a model library.
 */
export async function loadBuiltinRunners(): Promise<TaskRunner[]> {
  const { createOcrRunner } = await import('./ocr/index.js');
  const { createJanusRunners } = await import('./janus/index.js');
  const { createDetectRunner } = await import('./detect/index.js');
  const { createSegmentRunner, createEdgesRunner } = await import('./vision/index.js');
  const { createDepthRunner } = await import('./depth/index.js');
  return [
    createOcrRunner(),
    ...createJanusRunners(),
    createDetectRunner(),
    createSegmentRunner(),
    createEdgesRunner(),
    createDepthRunner(),
  ];
}
