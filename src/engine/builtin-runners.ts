import type { TaskRunner } from './task-runner.js';

/**
 * The task runners every engine worker starts with. Loaded inside the worker
 * only, so the main thread never imports onnxruntime or a model library.
 */
export async function loadBuiltinRunners(opts: { isnetDir?: string } = {}): Promise<TaskRunner[]> {
  const { createOcrRunner } = await import('./ocr/index.js');
  const { createJanusRunners } = await import('./janus/index.js');
  const { createDetectRunner } = await import('./detect/index.js');
  const { createSegmentRunner, createEdgesRunner } = await import('./vision/index.js');
  const { createDepthRunner } = await import('./depth/index.js');
  const { createEditRunner, segmentMasks } = await import('./edit/index.js');
  // Edits take their masks from the same segment runner (and its IS-Net session) as the segment task.
  const { IsNetPlugin, isnetResolver } = await import('./vision/isnet-plugin.js');
  const resolve = isnetResolver(opts.isnetDir);
  const segment = createSegmentRunner({ findIsNet: () => IsNetPlugin.find('small', resolve) });
  return [
    createOcrRunner(),
    ...createJanusRunners(),
    createDetectRunner(),
    segment,
    createEdgesRunner(),
    createDepthRunner(),
    createEditRunner({ masks: segmentMasks(segment) }),
  ];
}
