// The `edges` task runner: auto-threshold Canny (opencv.js). images[0] is the
// edge map, white on black (options.style 'dark-on-white' inverts it).
import { requireImage } from '../require-image.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult } from '../types.js';
import { autoCanny } from './canny.js';
import { maskToImage } from './mask-image.js';
import { loadOpenCv } from './opencv.js';

export function createEdgesRunner(): TaskRunner<'edges'> {
  return {
    task: 'edges',
    async run(inputs: EngineInputs<'edges'>, ctx: TaskContext): Promise<EngineResult<'edges'>> {
      const started = performance.now();
      const image = requireImage(inputs);
      let t = performance.now();
      const cv = await loadOpenCv();
      const load = performance.now() - t;
      ctx.throwIfAborted();
      t = performance.now();
      const { edges } = autoCanny(cv, image);
      const canny = performance.now() - t;
      if (inputs.options?.style === 'dark-on-white') {
        for (let i = 0; i < edges.length; i++) edges[i] = 255 - (edges[i] ?? 0);
      }
      ctx.progress({ fraction: 1 });
      return {
        images: [maskToImage(edges, image.width, image.height)],
        timingsMs: { load, canny, total: performance.now() - started },
      };
    },
  };
}
