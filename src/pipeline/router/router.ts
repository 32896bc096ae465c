import { planEdit, withParamSteps } from '../edit/planner.js';
import type { Plan, Request, RequestParams, Task } from '../types.js';
import { aspectInWords } from './aspect-words.js';
import { parseCommand } from './command.js';
import { renderHint, type Hint, type HintKey } from './hints.js';
import { classifyIntent, type Guess, type Intent } from './intent.js';
import { detectLocale } from './language.js';
import { analyseInstruction } from './normalize.js';
import { clampAspect, parseParams, validateParams } from './params.js';
import { buildPrompt } from './prompt.js';
import { hasFlag, taskEntry } from '../tasks/task-table.js';

const FLAG_OF: Record<keyof RequestParams, string> = {
  aspect: '--ar',
  seed: '--seed',
  size: '--size',
  strength: '--strength',
};

const GUESS_HINT: Record<Guess, HintKey> = {
  empty: 'guess_empty',
  unclear: 'guess_unclear',
  reply_edit: 'guess_reply_edit',
  image_unused: 'guess_image_unused',
  no_image_question: 'guess_no_image_question',
  draw_question: 'guess_draw_question',
  help: 'help',
};

function applicableParams(task: Task, params: RequestParams, hints: Hint[]): RequestParams {
  const kept: RequestParams = {};
  for (const key of Object.keys(params) as (keyof RequestParams)[]) {
    if (params[key] === undefined) continue;
    if (taskEntry(task).params.includes(key)) Object.assign(kept, { [key]: params[key] });
    else hints.push({ key: 'param_unused', values: { flag: FLAG_OF[key], task } });
  }
  return kept;
}

/**
 * Turns a Request into a Plan. An explicit task (a command such as `/imagine`,
 * a leading `/ocr`, or `--task`) wins over the words; the words still give the
 * prompt and the flags. An edit plan carries its whole program (`steps`, with
 * `--ar`/`--size` as the last steps): the edit task runs exactly that.
 */
export function route(request: Request): Plan {
  const parsed = parseParams(request.text);
  const command = parseCommand(parsed.text);
  const text = command ? command.rest : parsed.text;
  const locale = detectLocale(text, request.from.locale);
  const ins = analyseInstruction(text);

  const attached = request.images.length > 0;
  const replied = (request.replyTo?.images.length ?? 0) > 0;
  const explicit = request.task ?? command?.task ?? parsed.task;
  let intent: Intent;
  if (explicit) {
    // A command that draws from scratch cannot use an attached image: say so.
    const unused = attached && hasFlag(explicit, 'drawn');
    intent = unused ? { task: explicit, guess: 'image_unused' } : { task: explicit };
  } else if (command?.help) {
    intent = { task: 'understand', guess: 'help' };
  } else {
    intent = classifyIntent(ins, { attached, replied });
  }

  // Options an adapter filled from a command form are deliberate; they win over typed flags.
  const given = validateParams(request.params);
  const merged: RequestParams = { ...parsed.params, ...given.params };
  const hints: Hint[] = [];
  if (intent.guess) hints.push({ key: GUESS_HINT[intent.guess] });
  hints.push(...parsed.hints, ...given.hints);
  // "a 4:1 banner" names the shape in words; a typed --ar still wins.
  const worded = merged.aspect === undefined && hasFlag(intent.task, 'drawn') ? aspectInWords(ins.match) : undefined;
  if (worded) merged.aspect = clampAspect(worded, hints);
  const params = applicableParams(intent.task, merged, hints);
  const prompt = buildPrompt(intent.task, ins, locale, intent.guess);
  const program = intent.task === 'edit' ? withParamSteps(planEdit(prompt), params) : undefined;

  const sentences = [...new Set(hints.map((h) => renderHint(h, locale)))];
  return {
    task: intent.task,
    prompt,
    steps: program?.steps ?? [],
    ...(program ? { unmapped: program.unmapped } : {}),
    params,
    locale,
    hints: sentences,
  };
}
