// The `detect` task runner: COCO objects with CenterNet, filtered to what the
// prompt names ("dog", "the cars", "所有的车"; empty = everything). TensorFlow.js
// is imported on first use, so a worker that never detects never loads it.
import { requireImage } from '../require-image.js';
import type { TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult } from '../types.js';
import { selectTarget } from './select.js';
import { parseTarget } from './target.js';

/**
 * Score floors. Real objects in our photos score 0.45-0.6 while the strongest
 * spurious rows reach 0.25-0.27; when the user named a class we can accept
 * weaker hits of it.
 */
export const MIN_SCORE_ALL = 0.3;
export const MIN_SCORE_TARGET = 0.2;

/** Packs of this architecture hold a CenterNet tfjs graph model (`model`) and its `weights`. */
export const DETECT_ARCHITECTURE = 'centernet';

export function createDetectRunner(): TaskRunner<'detect'> {
  let used = false;
  return {
    task: 'detect',
    architecture: DETECT_ARCHITECTURE,
    async run(inputs: EngineInputs<'detect'>, ctx: TaskContext): Promise<EngineResult<'detect'>> {
      const started = performance.now();
      const image = requireImage(inputs);
      used = true;
      const { detectPack, loadCenterNet, runCenterNet } = await import('./centernet.js');
      const pack = detectPack(ctx.packs);
      const target = parseTarget(inputs.prompt ?? '');
      const minScore = inputs.options?.minScore ?? (target.kind === 'all' ? MIN_SCORE_ALL : MIN_SCORE_TARGET);
      ctx.throwIfAborted();
      let t = performance.now();
      const net = await loadCenterNet(pack);
      const load = performance.now() - t;
      ctx.throwIfAborted();
      ctx.progress({ fraction: 0.2 });
      const labels = target.kind === 'classes' ? target.labels : target.kind === 'unknown' ? [] : undefined;
      const { regions, timingsMs } = await runCenterNet(net, image, { minScore, ...(labels ? { labels } : {}) });
      ctx.throwIfAborted();
      t = performance.now();
      const selected = selectTarget(regions, target, image.width, image.height);
      const select = performance.now() - t;
      ctx.progress({ fraction: 1 });
      return {
        regions: selected,
        timingsMs: { load, ...timingsMs, select, total: performance.now() - started },
      };
    },
    async dispose() {
      if (!used) return;
      const { disposeCenterNets } = await import('./centernet.js');
      await disposeCenterNets();
    },
  };
}
