import { ScanlineError } from '../common/errors.js';
import type { InstalledPack, PackLookup } from './task-runner.js';
import type { EngineTask } from './types.js';

/** The preferred installed pack of this family for the task, or `model_missing` naming the catalog pack to pull. */
export function requirePack(packs: PackLookup, task: EngineTask, architecture: string, pull: string): InstalledPack {
  const pack = packs.find(task, architecture);
  if (!pack) throw new ScanlineError('model_missing', { task, pack: pull });
  return pack;
}
