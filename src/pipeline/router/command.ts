import type { Task } from '../types.js';
import { taskFromWord } from './task-words.js';

export interface TextCommand {
  /** The task the command names; absent for `/help`. */
  task?: Task;
  help: boolean;
  /** The text after the command word. */
  rest: string;
}

const COMMAND = /^\s*[/!！／]([^\s/]+)(?:\s+|$)/;
const HELP_WORDS = new Set(['help', 'h', '帮助']);

/**
 * A command typed into a mention ("@scanline /ocr", "!imagine a cat"). Only
 * known words count, so "/shrug" or a path stays part of the instruction.
 */
export function parseCommand(text: string): TextCommand | undefined {
  const m = COMMAND.exec(text);
  if (!m) return undefined;
  const word = (m[1] as string).toLowerCase();
  const rest = text.slice(m[0].length).trim();
  if (HELP_WORDS.has(word)) return { help: true, rest };
  const task = taskFromWord(word);
  return task ? { task, help: false, rest } : undefined;
}
