import { TASK_TABLE, TASKS } from '../tasks/task-table.js';
import type { Task } from '../types.js';

// Words people use to name a task in a command (`/imagine`, `/画`) or in `--task`, from the task table.
const ALIASES: ReadonlyMap<string, Task> = new Map(
  TASKS.flatMap((task) =>
    Object.values(TASK_TABLE[task].words).flatMap((words) => words.map((w) => [w, task] as const)),
  ),
);

/** The task a command word or `--task` value names, if any (case-insensitive). */
export function taskFromWord(word: string): Task | undefined {
  return ALIASES.get(word.trim().toLowerCase());
}

/** The canonical task names, for hints. */
export const TASK_LIST = TASKS.join(', ');
