// The `edges` task runner: auto-threshold Canny (opencv.js). images[0] is the
// edge map, white on black (options.style 'dark-on-white' inverts it).
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult } from '../types.js';
import { autoCanny } from './canny.js';
import { maskToImage } from './mask-image.js';
import { loadOpenCv } from './opencv.js';

export function createEdgesRunner(): TaskRunner {
  return {
    task: 'edges',
    async run(inputs: EngineInputs, ctx: TaskContext): Promise<EngineResult> {
      const started = performance.now();
      const image = inputs.images[0];
      if (!image) throw new Error('edges needs one image');
      let t = performance.now();
      const cv = await loadOpenCv();
      const load = performance.now() - t;
      ctx.throwIfAborted();
      t = performance.now();
      const { edges } = autoCanny(cv, image);
      const canny = performance.now() - t;
      if (inputs.options?.['style'] === 'dark-on-white') {
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
