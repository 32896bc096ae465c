// The one table of user-level tasks: every list a task used to be written into
// (names, words, flags, buttons, handlers) is derived from here.
import type { EngineTask } from '../../engine/types.js';
import type { Locale, RequestParams, Task } from '../types.js';
import { depthTask, detectTask, edgesTask, segmentTask } from './annotate-tasks.js';
import { editTask } from './edit-task.js';
import { generateTask } from './generate-task.js';
import { groundTask } from './ground-task.js';
import { ocrTask } from './ocr-task.js';
import { posterTask } from './poster-task.js';
import type { TaskHandler } from './task-handler.js';
import { understandTask } from './understand-task.js';

/**
 * What a task is, beyond its handler:
 * - `picture`: the result is a picture, so the reply offers Edit and Upscale;
 * - `reroll`: asking again with a new seed gives a new result (the Reroll button);
 * - `drawn`: drawn from scratch, so a sentence may name its shape ("a 4:1 banner") and an attached image is unused;
 * - `annotate`: offered by Discord's `/annotate` command.
 */
export type TaskFlag = 'picture' | 'reroll' | 'drawn' | 'annotate';

/** How the router turns the instruction into the plan's prompt (`buildPrompt`). */
export type PromptKind =
  /** What to draw: "draw me a shiba" -> "a shiba". */
  | 'drawing'
  /** The question, or a describe prompt when there is none. */
  | 'question'
  /** The object to find: "segment the cat" -> "cat", "" for everything. */
  | 'target'
  /** The whole instruction, as typed. */
  | 'instruction'
  /** Nothing: the task takes no words. */
  | 'none';

export type Words = Readonly<Record<Locale, string>>;

export interface TaskEntry {
  /** Turns a plan and inputs into the reply (its `needsImage` makes the pipeline answer `image_missing`). */
  handler: TaskHandler;
  /** The engine tasks the handler runs (their runners live in `src/engine/<task>/`). */
  engine: readonly EngineTask[];
  /** Command words (`/imagine`, `!ocr`) and `--task` values, lower case; the English list starts with the name. */
  words: Readonly<Record<Locale, readonly string[]>>;
  /** The status line while it runs: "Drawing: 40%". */
  status: Words;
  /** The end of "the option --seed has no effect when I ...". */
  doing: Words;
  /** Its part of the help sentence, with an example in quotes. */
  help: Words;
  /** Which of --ar / --seed / --size / --strength mean something for it; the others are dropped with a hint. */
  params: readonly (keyof RequestParams)[];
  prompt: PromptKind;
  flags: readonly TaskFlag[];
}

export const TASK_TABLE = {
  generate: {
    handler: generateTask,
    engine: ['generate'],
    words: { en: ['generate', 'imagine', 'gen', 'draw', 'dream', 'txt2img'], zh: ['画', '生成'] },
    status: { en: 'Drawing', zh: '绘制中' },
    doing: { en: 'draw a new image', zh: '生成图片' },
    help: {
      en: 'draw ("a shiba in a spacesuit --ar 16:9 --seed 7")',
      zh: '画图（「太空服里的柴犬 --ar 16:9 --seed 7」）',
    },
    params: ['aspect', 'seed', 'size'],
    prompt: 'drawing',
    flags: ['picture', 'reroll', 'drawn'],
  },
  edit: {
    handler: editTask,
    engine: ['edit'],
    words: { en: ['edit', 'img2img'], zh: ['修改', '编辑'] },
    status: { en: 'Editing', zh: '编辑中' },
    doing: { en: 'edit an image', zh: '修改图片' },
    help: {
      en: 'edit an image you attach or reply to ("make it vintage and add the caption \'Hello\'")',
      zh: '修改你附上或回复的图片（「变成复古风格，并加上文字‘你好’」）',
    },
    params: ['aspect', 'seed', 'size', 'strength'],
    prompt: 'instruction',
    flags: ['picture'],
  },
  understand: {
    handler: understandTask,
    engine: ['understand'],
    words: { en: ['understand', 'describe', 'ask', 'caption', 'vqa', 'explain'], zh: ['描述', '提问'] },
    status: { en: 'Looking', zh: '识图中' },
    doing: { en: 'answer about an image', zh: '回答图片问题' },
    help: { en: 'answer questions about it ("what breed is this?")', zh: '回答关于图片的问题（「这是什么品种？」）' },
    params: [],
    prompt: 'question',
    flags: [],
  },
  ocr: {
    handler: ocrTask,
    engine: ['ocr'],
    words: { en: ['ocr', 'read', 'text'], zh: ['识别文字', '文字识别'] },
    status: { en: 'Reading text', zh: '识别文字' },
    doing: { en: 'read text', zh: '识别文字' },
    help: { en: 'read its text ("what does the sign say?")', zh: '识别图中文字（「这上面写的什么」）' },
    params: [],
    prompt: 'instruction',
    flags: ['annotate'],
  },
  detect: {
    handler: detectTask,
    engine: ['detect'],
    words: { en: ['detect', 'detection', 'boxes', 'objects'], zh: ['检测'] },
    status: { en: 'Detecting', zh: '检测中' },
    doing: { en: 'detect objects', zh: '检测物体' },
    help: { en: 'find what is in it ("detect objects")', zh: '框出物体（「框出所有的人」）' },
    params: ['size'],
    prompt: 'target',
    flags: ['annotate'],
  },
  ground: {
    handler: groundTask,
    // Qwen-VL grounds any phrase; without it, COCO detection answers for its 80 kinds.
    engine: ['ground', 'detect'],
    words: { en: ['ground', 'locate', 'where', 'grounding'], zh: ['定位', '在哪'] },
    status: { en: 'Locating', zh: '定位中' },
    doing: { en: 'find a thing by its description', zh: '按描述定位物体' },
    help: {
      en: 'find a thing you describe ("where is the red umbrella?")',
      zh: '找到你描述的东西（「红色的伞在哪里？」）',
    },
    params: [],
    prompt: 'target',
    flags: ['annotate'],
  },
  segment: {
    handler: segmentTask,
    engine: ['segment'],
    words: { en: ['segment', 'seg', 'mask', 'cutout'], zh: ['分割'] },
    status: { en: 'Segmenting', zh: '分割中' },
    doing: { en: 'segment an object', zh: '分割物体' },
    help: { en: 'cut one thing out ("segment the cat")', zh: '分割出一个物体（「分割出猫」）' },
    params: ['size'],
    prompt: 'target',
    flags: ['annotate'],
  },
  edges: {
    handler: edgesTask,
    engine: ['edges'],
    words: { en: ['edges', 'edge', 'canny'], zh: ['边缘'] },
    status: { en: 'Finding edges', zh: '边缘检测' },
    doing: { en: 'draw an edge map', zh: '边缘检测' },
    help: { en: 'trace its edges ("edges")', zh: '画出边缘（「边缘检测」）' },
    params: ['size'],
    prompt: 'none',
    flags: ['annotate'],
  },
  depth: {
    handler: depthTask,
    engine: ['depth'],
    words: { en: ['depth'], zh: ['深度'] },
    status: { en: 'Estimating depth', zh: '深度估计' },
    doing: { en: 'estimate depth', zh: '深度估计' },
    help: { en: 'map its depth ("depth map")', zh: '估计深度（「深度图」）' },
    params: ['size'],
    prompt: 'none',
    flags: ['annotate'],
  },
  poster: {
    handler: posterTask,
    // The background; the text is set on the main thread (src/pipeline/poster/).
    engine: ['generate'],
    words: { en: ['poster'], zh: ['海报'] },
    status: { en: 'Designing', zh: '设计海报' },
    doing: { en: 'make a poster', zh: '制作海报' },
    help: {
      en: 'make posters ("make a poster that says Spring Ride Festival")',
      zh: '做海报（「做一张写着春季骑行节的海报」）',
    },
    params: ['aspect', 'seed', 'size'],
    prompt: 'instruction',
    flags: ['picture', 'reroll', 'drawn'],
  },
} satisfies Record<string, TaskEntry>;

/** Every task, in table order (the order of `--task` lists and `/annotate` choices). */
export const TASKS = Object.keys(TASK_TABLE) as readonly Task[];

export function isTask(value: string): value is Task {
  return Object.hasOwn(TASK_TABLE, value);
}

export function taskEntry(task: Task): TaskEntry {
  return TASK_TABLE[task];
}

/** The tasks with a flag, in table order. */
export function tasksWhere(flag: TaskFlag): readonly Task[] {
  return TASKS.filter((task) => hasFlag(task, flag));
}

export function hasFlag(task: Task, flag: TaskFlag): boolean {
  return taskEntry(task).flags.includes(flag);
}

/** The status word while a task runs ("Drawing", "绘制中"). */
export function taskName(task: Task, locale: Locale): string {
  return taskEntry(task).status[locale];
}

/** The handler of every task, for the pipeline. */
export function tableHandlers(): Record<Task, TaskHandler> {
  return Object.fromEntries(TASKS.map((task) => [task, taskEntry(task).handler])) as Record<Task, TaskHandler>;
}

/** "draw (...), edit (...) and make posters (...)": the tasks' help parts as one list in the locale's words. */
export function helpList(locale: Locale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(TASKS.map((task) => taskEntry(task).help[locale]));
}
