import { tValues, type MessageKey } from '../../common/messages.js';
import { helpList, isTask, taskEntry } from '../tasks/task-table.js';
import type { Locale } from '../types.js';

// The router's sentences for the user live in the message catalog (src/common/messages.ts). Hints stay
// structured (key + values) until the plan's locale is known, then render once.

export type HintKey = MessageKey;

/** A hint before rendering: the values fill `{name}` slots of the sentence. */
export interface Hint {
  key: HintKey;
  values?: Record<string, string | number>;
}

export function renderHint(hint: Hint, locale: Locale): string {
  const values: Record<string, string | number> = { ...hint.values };
  const task = values.task;
  // "has no effect when I {taskName}": what the task does, from the task table.
  if (typeof task === 'string' && isTask(task)) values.taskName = taskEntry(task).doing[locale];
  if (hint.key === 'help') values.abilities = helpList(locale);
  return tValues(hint.key, locale, values);
}
