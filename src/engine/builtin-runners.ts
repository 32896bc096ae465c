import type { TaskRunner } from './task-runner.js';
import type { EngineTask } from './types.js';

/** Options the worker passes to the runner loaders. */
export interface BuiltinRunnerOptions {
  isnetDir?: string;
}

/** One runner family: the tasks it serves and the pack architecture it runs. */
export interface BuiltinRunner {
  tasks: readonly EngineTask[];
  /** The `architecture` of the packs it runs; undefined: it needs no pack. */
  architecture: string | undefined;
  /** Builds the runners, one per task in `tasks` order. Dynamic imports: only the worker loads model code. */
  load(opts: BuiltinRunnerOptions): Promise<TaskRunner[]>;
}

/**
 * The runners every engine worker starts with. A task's first row is its default: with no pack
 * installed, that runner answers `model_missing` naming the pack to pull. A second model family
 * for a task is one more row (and its runner); the worker picks by the installed pack's architecture.
 */
export const BUILTIN_RUNNERS: readonly BuiltinRunner[] = [
  {
    tasks: ['ocr'],
    architecture: 'paddleocr-v4',
    load: async () => [(await import('./ocr/index.js')).createOcrRunner()],
  },
  {
    tasks: ['generate', 'understand'],
    architecture: 'janus',
    load: async () => (await import('./janus/index.js')).createJanusRunners(),
  },
  {
    tasks: ['understand', 'ground'],
    architecture: 'qwen2-vl',
    load: async () => (await import('./qwen-vl/index.js')).createQwenVlRunners(),
  },
  {
    tasks: ['detect'],
    architecture: 'centernet',
    load: async () => [(await import('./detect/index.js')).createDetectRunner()],
  },
  {
    tasks: ['depth'],
    architecture: 'depth-anything-v2',
    load: async () => [(await import('./depth/index.js')).createDepthRunner()],
  },
  {
    // Segment uses the detect pack when there is one (named targets) and works without (the main subject).
    // Pulled mask packs of architecture `birefnet` and `sam` (task segment) are looked up by the segment runner
    // itself (vision/pulled-masks.ts): they improve its masks, they do not replace it.
    tasks: ['segment', 'edit'],
    architecture: undefined,
    load: async (opts) => {
      const { createSegmentRunner } = await import('./vision/index.js');
      const { createEditRunner, segmentMasks } = await import('./edit/index.js');
      // Edits take their masks from the same segment runner (and its IS-Net session) as the segment task.
      const { IsNetPlugin, isnetResolver } = await import('./vision/isnet-plugin.js');
      const resolve = isnetResolver(opts.isnetDir);
      const segment = createSegmentRunner({ findIsNet: () => IsNetPlugin.find('small', resolve) });
      return [segment, createEditRunner({ masks: segmentMasks(segment) })];
    },
  },
  {
    tasks: ['edges'],
    architecture: undefined,
    load: async () => [(await import('./vision/index.js')).createEdgesRunner()],
  },
];

/**
 * Per task, which architecture answers when packs of several are installed in the same place (user
 * folders, repo, npm): Qwen-VL answers questions better than Janus. A pack in a preferred place still
 * wins (a pulled Janus beats the repo's random-weight Qwen-VL). Unlisted architectures come last.
 */
export const ARCHITECTURE_PREFERENCE: Partial<Record<EngineTask, readonly string[]>> = {
  understand: ['qwen2-vl', 'janus'],
};

/** Tasks whose runners need no model pack (`models list` does not call them missing). */
export const PACKLESS_TASKS: ReadonlySet<EngineTask> = new Set(
  BUILTIN_RUNNERS.filter((r) => r.architecture === undefined).flatMap((r) => r.tasks),
);

/** Loads every built-in runner; a runner that does not match its row is a bug, caught here. */
export async function loadBuiltinRunners(opts: BuiltinRunnerOptions = {}): Promise<TaskRunner[]> {
  const runners: TaskRunner[] = [];
  for (const row of BUILTIN_RUNNERS) {
    const loaded = await row.load(opts);
    const served = loaded.map((r) => `${r.task}/${r.architecture ?? '-'}`).join(', ');
    const declared = row.tasks.map((t) => `${t}/${row.architecture ?? '-'}`).join(', ');
    if (served !== declared) throw new Error(`Built-in runners serve ${served}, their row says ${declared}`);
    runners.push(...loaded);
  }
  return runners;
}
