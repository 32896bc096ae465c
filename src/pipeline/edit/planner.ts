import { fold } from '../router/normalize.js';
import { findQuotedSpans } from '../router/quotes.js';
import type { EditStep, RequestParams } from '../types.js';
import { MULTI_IMAGE_RULES } from './planner-multi.js';
import { RULES, type RuleContext } from './planner-rules.js';

/** What an instruction means as an edit program, and the parts that map to nothing we can do. */
export interface EditPlan {
  steps: EditStep[];
  /** Clauses as typed that no rule understood ("put a hat on the dog"). */
  unmapped: string[];
}

/** Between steps: punctuation, "and", "then", 然后, 再... ("black and white" is protected first). */
const SEPARATOR =
  /\s*(?:[,;!?，；。！？、\n]|(?<!\d)\.(?!\d)|\band then\b|\bthen\b|\band also\b|\bas well as\b|\band\b|\balso\b|\bplus\b|\bafter that\b|\bfinally\b|然后|接着|之后|并且|并(?!排|列)|同时|还要|另外|最后|以及|再把|再将|再)\s*/g;

/** Words that carry no edit on their own: a clause of only these is no request. */
const FILLER =
  /\b(?:please|pls|plz|thanks?|thank you|can you|could you|would you|for me|now|just|too|as well|it|the image|the photo|the picture|ok|okay|a bit|and|also|then)\b|请|谢谢|帮我|给我|一下|吧|好的|呢|吗|它|这张图?|图片|照片|把|将/g;

const LEAD = /^(?:(?:please|pls|can you|could you|would you|now|and|also|then|请|帮我|麻烦|给我|能不能|可以)\s*)+/i;

interface Clause {
  start: number;
  end: number;
}

function splitClauses(folded: string): Clause[] {
  const clauses: Clause[] = [];
  let last = 0;
  for (const m of folded.matchAll(SEPARATOR)) {
    if (m.index > last) clauses.push({ start: last, end: m.index });
    last = m.index + m[0].length;
  }
  if (last < folded.length) clauses.push({ start: last, end: folded.length });
  return clauses;
}

const ALL_RULES = [...RULES, ...MULTI_IMAGE_RULES];

interface Candidate {
  start: number;
  end: number;
  priority: number;
  steps: EditStep[];
}

function matchClause(ctx: RuleContext): EditStep[] {
  const found: Candidate[] = [];
  for (const rule of ALL_RULES) {
    const m = rule.pattern.exec(ctx.clause);
    if (!m || m[0].trim() === '') continue;
    const steps = rule.build(m, ctx);
    if (!steps || steps.length === 0) continue;
    found.push({ start: m.index, end: m.index + m[0].length, priority: rule.priority, steps });
  }
  found.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start));
  const taken: Candidate[] = [];
  for (const c of found) {
    if (taken.some((t) => c.start < t.end && t.start < c.end)) continue;
    taken.push(c);
  }
  return taken.sort((a, b) => a.start - b.start).flatMap((c) => c.steps);
}

/**
 * Turns an edit instruction (English, Chinese or both) into ordered steps. Quoted
 * text is content, kept exactly as typed. The instruction is cut into clauses at
 * punctuation and connectives; each clause yields the steps its words name, in
 * the order they were said, or is reported back as not understood.
 */
export function planEdit(instruction: string): EditPlan {
  const spans = findQuotedSpans(instruction);
  const quotes: string[] = [];
  let work = '';
  let last = 0;
  for (const span of spans) {
    work += instruction.slice(last, span.start) + `\uE000${quotes.length}\uE001`;
    quotes.push(instruction.slice(span.start + 1, span.end - 1));
    last = span.end;
  }
  work += instruction.slice(last);
  // "black and white" and "before and after" are one step each, not two clauses: join them with same-length underscores.
  const folded = fold(work).replace(/black(\s+)and(\s+)white|before(\s+)and(\s+)after/g, (s) => s.replace(/\s/g, '_'));

  const steps: EditStep[] = [];
  const unmapped: string[] = [];
  for (const { start, end } of splitClauses(folded)) {
    const ctx: RuleContext = { clause: folded.slice(start, end).trim(), original: '', quotes };
    const offset = folded.slice(start, end).indexOf(ctx.clause);
    ctx.original = work.slice(start + offset, start + offset + ctx.clause.length);
    if (!ctx.clause) continue;
    const found = matchClause(ctx);
    if (found.length > 0) {
      steps.push(...found);
      continue;
    }
    const rest = ctx.clause.replace(/\uE000\d+\uE001/g, ' q ').replace(FILLER, ' ');
    if (!/[\p{L}\p{N}]/u.test(rest)) continue;
    const typed = ctx.original
      .replace(/\uE000(\d+)\uE001/g, (_s, i: string) => `“${quotes[Number(i)] ?? ''}”`)
      .replace(LEAD, '')
      .trim();
    unmapped.push(typed);
  }
  return { steps: withoutRepeats(steps), unmapped };
}

/** Steps that do nothing more when run twice in a row. */
const IDEMPOTENT = new Set<EditStep['op']>(['grayscale', 'background', 'recolor', 'style']);

/** "remove the background and make it transparent" names one step twice: run it once. */
function withoutRepeats(steps: EditStep[]): EditStep[] {
  return steps.filter(
    (step, i) => i === 0 || !IDEMPOTENT.has(step.op) || JSON.stringify(step) !== JSON.stringify(steps[i - 1]),
  );
}

/**
 * The whole program an edit runs: the instruction's steps, then `--ar` as a pad and `--size` as a resize
 * unless a step already sets the shape or the size. The router calls it, so the printed plan is what runs.
 */
export function withParamSteps(planned: EditPlan, params: RequestParams): EditPlan {
  const steps = [...planned.steps];
  const { aspect, size } = params;
  if (aspect && !steps.some((s) => s.op === 'crop' || s.op === 'pad')) steps.push({ op: 'pad', aspect, fill: 'blur' });
  if (size && !steps.some((s) => s.op === 'resize' || s.op === 'scale')) steps.push({ op: 'resize', longSide: size });
  return { steps, unmapped: [...planned.unmapped] };
}
