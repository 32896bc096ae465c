// The worker's runners keyed by (task, architecture), and the one rule that picks a runner for a
// run: the task's preferred installed pack decides the architecture, that architecture the runner.
import { ScanlineError } from '../common/errors.js';
import type { PackLookup, TaskRunner } from './task-runner.js';
import type { EngineTask } from './types.js';

export class RunnerTable {
  /** Per task, runners in registration order (the first is the task's default). */
  private readonly byTask = new Map<EngineTask, TaskRunner[]>();

  /**
   * Adds a runner. One of the same task and architecture is replaced; a runner without an
   * architecture (it needs no pack) replaces every runner of its task.
   */
  add(runner: TaskRunner): void {
    const kept = (this.byTask.get(runner.task) ?? []).filter(
      (r) => runner.architecture !== undefined && r.architecture !== runner.architecture,
    );
    this.byTask.set(runner.task, [...kept, runner]);
  }

  tasks(): EngineTask[] {
    return [...this.byTask.keys()];
  }

  all(): TaskRunner[] {
    return [...new Set([...this.byTask.values()].flat())];
  }

  /**
   * The runner for a run of `task`: the packless one; else the one for the architecture of the
   * preferred pack (`packs.find(task)`); with no pack installed, the task's default runner, which
   * answers `model_missing` with the pack to pull.
   */
  pick<T extends EngineTask>(task: T, packs: PackLookup): TaskRunner<T> {
    // add() files each runner under its own task, so the runners of `task` are TaskRunner<T>.
    const runners = (this.byTask.get(task) ?? []) as TaskRunner<T>[];
    const first = runners[0];
    if (!first) throw new ScanlineError('task_unavailable', { task });
    if (first.architecture === undefined) return first;
    const pack = packs.find(task);
    if (!pack) return first;
    const { architecture } = pack.manifest;
    const runner = runners.find((r) => r.architecture === architecture);
    if (!runner)
      throw new ScanlineError('pack_architecture_unsupported', { task, pack: pack.manifest.name, architecture });
    return runner;
  }
}
