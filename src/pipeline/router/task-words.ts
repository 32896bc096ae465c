import { TASKS, type Task } from '../types.js';

// Words people use to name a task in a command (`/imagine`, `!ocr`) or in `--task`.
const ALIASES: Record<string, Task> = {
  imagine: 'generate',
  generate: 'generate',
  gen: 'generate',
  draw: 'generate',
  dream: 'generate',
  txt2img: 'generate',
  edit: 'edit',
  img2img: 'edit',
  understand: 'understand',
  describe: 'understand',
  ask: 'understand',
  caption: 'understand',
  vqa: 'understand',
  explain: 'understand',
  ocr: 'ocr',
  read: 'ocr',
  text: 'ocr',
  detect: 'detect',
  detection: 'detect',
  boxes: 'detect',
  objects: 'detect',
  segment: 'segment',
  seg: 'segment',
  mask: 'segment',
  cutout: 'segment',
  edges: 'edges',
  edge: 'edges',
  canny: 'edges',
  depth: 'depth',
  poster: 'poster',
  // Chinese command words, e.g. `/画 一只猫`
  画: 'generate',
  生成: 'generate',
  修改: 'edit',
  编辑: 'edit',
  描述: 'understand',
  提问: 'understand',
  识别文字: 'ocr',
  文字识别: 'ocr',
  检测: 'detect',
  分割: 'segment',
  边缘: 'edges',
  深度: 'depth',
  海报: 'poster',
};

/** The task a command word or `--task` value names, if any (case-insensitive). */
export function taskFromWord(word: string): Task | undefined {
  return ALIASES[word.trim().toLowerCase()];
}

/** The canonical task names, for hints. */
export const TASK_LIST = TASKS.join(', ');
