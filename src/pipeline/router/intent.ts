import type { Task } from '../types.js';
import {
  ACKNOWLEDGE,
  ADD_LEAD,
  DEICTIC,
  DRAW_SOMETHING,
  DEPTH,
  DESCRIBE,
  DETECT,
  DRAW_LEAD,
  EDGES,
  EDIT_WITH_IMAGE,
  EDIT_WITHOUT_IMAGE,
  FIND_ONE,
  GROUND,
  HELP,
  HOW_MANY,
  MEANING,
  NEW_PICTURE,
  OCR,
  POSTER,
  SAYS_POSTER,
  SEGMENT,
  STRONG_QUESTION,
  WEAK_QUESTION,
  ZH_DEICTIC,
  ZH_EDIT,
  ZH_HOW,
} from './lexicon.js';
import type { Instruction } from './normalize.js';

/** Why the router had to guess; each becomes a hint for the user. */
export type Guess =
  'empty' | 'unclear' | 'reply_edit' | 'image_unused' | 'no_image_question' | 'draw_question' | 'help';

export interface Intent {
  task: Task;
  guess?: Guess;
}

export interface IntentContext {
  /** Images attached to this very message. */
  attached: boolean;
  /** Images of the bot message this one replies to. */
  replied: boolean;
}

/**
 * Without an image, annotate and OCR words count only near the start
 * ("detect objects"), so a prompt like "a robot that can detect emotions"
 * stays something to draw.
 */
const NEAR_START = 12;

function earliest(patterns: RegExp[], text: string): number {
  let best = -1;
  for (const re of patterns) {
    const m = re.exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  return best;
}

const has = (patterns: RegExp[], text: string): boolean => earliest(patterns, text) >= 0;

const ANNOTATE: [Task, RegExp[]][] = [
  // Edges and depth first: "边缘检测" is edges, not detection.
  ['edges', EDGES],
  ['depth', DEPTH],
  ['segment', SEGMENT],
  ['detect', DETECT],
];

/** With an image, one described thing ("where is the dog?", "find the red umbrella") is grounded, before detection. */
const ANNOTATE_WITH_IMAGE: [Task, RegExp[]][] = [
  ['edges', EDGES],
  ['depth', DEPTH],
  ['segment', SEGMENT],
  ['ground', [...GROUND, ...FIND_ONE]],
  ['detect', DETECT],
];

function annotateTask(text: string, nearStartOnly: boolean): Task | undefined {
  for (const [task, patterns] of nearStartOnly ? ANNOTATE : ANNOTATE_WITH_IMAGE) {
    const at = earliest(patterns, text);
    if (at >= 0 && (!nearStartOnly || at <= NEAR_START)) return task;
  }
  return undefined;
}

function withImage(ins: Instruction, ctx: IntentContext): Intent {
  const m = ins.match;
  if (m === '') return { task: 'understand', guess: 'empty' };
  if (HOW_MANY.test(m)) return { task: 'understand' };
  // Reading plus meaning ("what does the text mean", "翻译") is a question for the model.
  if (MEANING.test(m)) return { task: 'understand' };
  if (has(OCR, m)) return { task: 'ocr' };
  const annotate = annotateTask(m, false);
  if (annotate) return { task: annotate };
  if (POSTER.test(m) || (has(SAYS_POSTER, m) && !ADD_LEAD.test(m))) return { task: 'poster' };
  if (has(STRONG_QUESTION, m)) return { task: 'understand' };
  // An image came, so drawing from scratch needs an explicit ask; the reply then says the image was not used.
  if (has(NEW_PICTURE, m) || (has(DRAW_SOMETHING, m) && !DEICTIC.test(m))) {
    return { task: 'generate', guess: 'image_unused' };
  }
  if (ins.startsWithNow || has(EDIT_WITH_IMAGE, m)) return { task: 'edit' };
  if (WEAK_QUESTION.test(m) || DESCRIBE.test(m)) return { task: 'understand' };
  // A reply to the bot's own image is most often the next iteration of it,
  // unless it is just a "thanks" or "nice".
  if (!ctx.attached && ctx.replied && !ACKNOWLEDGE.test(ins.full)) {
    return { task: 'edit', guess: 'reply_edit' };
  }
  return { task: 'understand', guess: 'unclear' };
}

/**
 * With no image, edits, OCR and annotations are still recognised (the pipeline
 * answers `image_missing`, which tells the user what to attach). Help, an
 * empty mention and plain questions become `understand` with a hint: there is
 * no help task, and a text-only answer beats a refusal.
 */
function withoutImage(ins: Instruction): Intent {
  const m = ins.match;
  if (m === '' || HELP.test(ins.full)) return { task: 'understand', guess: 'help' };
  if (POSTER.test(m) || has(SAYS_POSTER, m)) return { task: 'poster' };
  const ocrAt = earliest(OCR, m);
  if (ocrAt >= 0 && ocrAt <= NEAR_START) {
    return MEANING.test(m) ? { task: 'understand', guess: 'no_image_question' } : { task: 'ocr' };
  }
  const annotate = annotateTask(m, true);
  if (annotate) return { task: annotate };
  if (ins.startsWithNow || has(EDIT_WITHOUT_IMAGE, m)) return { task: 'edit' };
  if (DRAW_LEAD.test(m)) return { task: 'generate' };
  if (ZH_DEICTIC.test(m) && ZH_EDIT.test(m)) return { task: 'edit' };
  if (HOW_MANY.test(m) || has(STRONG_QUESTION, m) || ZH_HOW.test(m)) {
    return { task: 'understand', guess: 'no_image_question' };
  }
  if (WEAK_QUESTION.test(m)) return { task: 'generate', guess: 'draw_question' };
  return { task: 'generate' };
}

/** Picks the task from the words of an instruction and whether an image came with it. */
export function classifyIntent(ins: Instruction, ctx: IntentContext): Intent {
  return ctx.attached || ctx.replied ? withImage(ins, ctx) : withoutImage(ins);
}
