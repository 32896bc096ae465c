import type { AspectRatio, RequestParams, Task } from '../types.js';
import { parseAspect } from './aspect-ratio.js';
import type { Hint } from './hints.js';
import { findQuotedSpans, insideSpan } from './quotes.js';
import { TASK_LIST, taskFromWord } from './task-words.js';

// Still importable from here: the router's index and params tests read it with the other flags.
export { parseAspect } from './aspect-ratio.js';

/** Generation honours 1:3 to 4:1 (DESIGN.md); wider asks are clamped, not refused. */
export const ASPECT_MIN = 1 / 3;
export const ASPECT_MAX = 4;
/** Seeds are 32-bit unsigned so every sampler can take them. */
export const SEED_LIMIT = 2 ** 32;
export const SIZE_MIN = 64;
export const SIZE_MAX = 4096;

export interface ParsedParams {
  /** The instruction with every recognised `--flag value` removed. */
  text: string;
  params: RequestParams;
  /** A task named with `--task`, when it names one. */
  task?: Task;
  hints: Hint[];
}

type FlagName = 'aspect' | 'seed' | 'size' | 'strength' | 'task';

const FLAG_ALIASES: Record<string, FlagName> = {
  ar: 'aspect',
  aspect: 'aspect',
  'aspect-ratio': 'aspect',
  aspect_ratio: 'aspect',
  aspectratio: 'aspect',
  ratio: 'aspect',
  seed: 'seed',
  size: 'size',
  strength: 'strength',
  task: 'task',
};

const EXAMPLES: Record<FlagName, string> = {
  aspect: '--ar 16:9',
  seed: '--seed 7',
  size: '--size 1024',
  strength: '--strength 0.6',
  task: '--task ocr',
};

/**
 * A flag starts after whitespace (or the start) with `--`, or with the dashes
 * phones and IMEs turn `--` into: `—` (iOS/macOS smart punctuation), `——` (Chinese IME).
 */
const FLAG_RE = /(?<=^|[\s(（,，])(?:--|—{1,2}|–{1,2}|－－|−−)([A-Za-z][A-Za-z0-9_-]*)(?:=(\S*))?/g;
const RATIO_VALUE_RE = /^\s+(\d+(?:\.\d+)?\s*[:：xX×/]\s*\d+(?:\.\d+)?)(?=$|[\s,，;；。.!！?？)）])/;
const WORD_VALUE_RE = /^\s+(?!(?:--|—|–|－－|−−)[A-Za-z])(\S+?)(?=[,，;；。!！?？)）.]*(?:\s|$))/;
const NUMERIC_LIKE = /^[\d.:：xX×/%]*\d[\d.:：xX×/%]*$/;
/** Unknown flags that are known to take no value (Midjourney habits), so the next word stays. */
const SWITCHES = new Set([
  'tile',
  'hd',
  'video',
  'fast',
  'relax',
  'turbo',
  'test',
  'testp',
  'creative',
  'uplight',
  'upbeta',
  'draft',
  'p',
]);
const TRAILING_PUNCT = /[,，;；。!！?？)）.]+$/;

function formatAspect(a: AspectRatio): string {
  return `${a.w}:${a.h}`;
}

/** Keeps an aspect inside 1:3..4:1, with a hint when it had to move. */
export function clampAspect(aspect: AspectRatio, hints: Hint[]): AspectRatio {
  const ratio = aspect.w / aspect.h;
  let used: AspectRatio | undefined;
  if (ratio > ASPECT_MAX) used = { w: 4, h: 1 };
  else if (ratio < ASPECT_MIN) used = { w: 1, h: 3 };
  if (!used) return aspect;
  hints.push({ key: 'aspect_clamped', values: { given: formatAspect(aspect), used: formatAspect(used) } });
  return used;
}

function checkSeed(raw: string, hints: Hint[]): number | undefined {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < SEED_LIMIT) return n;
  }
  hints.push({ key: 'seed_invalid', values: { value: raw } });
  return undefined;
}

function clampSize(n: number, hints: Hint[]): number {
  const used = Math.min(SIZE_MAX, Math.max(SIZE_MIN, Math.round(n)));
  if (used !== n) {
    hints.push({ key: 'size_clamped', values: { given: n, used, min: SIZE_MIN, max: SIZE_MAX } });
  }
  return used;
}

function checkSize(raw: string, hints: Hint[]): number | undefined {
  const m = /^(\d+)(?:px)?$/i.exec(raw);
  if (!m) {
    hints.push({ key: 'size_invalid', values: { value: raw } });
    return undefined;
  }
  return clampSize(Number(m[1]), hints);
}

function clampStrength(n: number, hints: Hint[]): number {
  const used = Math.min(1, Math.max(0, n));
  if (used !== n) hints.push({ key: 'strength_clamped', values: { given: n, used } });
  return used;
}

function checkStrength(raw: string, hints: Hint[]): number | undefined {
  const m = /^(\d*\.?\d+)(%)?$/.exec(raw);
  if (!m) {
    hints.push({ key: 'strength_invalid', values: { value: raw } });
    return undefined;
  }
  const n = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  return clampStrength(n, hints);
}

/** Optimal string alignment distance, for "did you mean --seed?". */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function suggestFlag(name: string): string | undefined {
  if (name.length < 3) return undefined;
  const limit = name.length <= 4 ? 1 : 2;
  let best: { alias: string; dist: number } | undefined;
  for (const alias of Object.keys(FLAG_ALIASES)) {
    const dist = editDistance(name, alias);
    if (dist <= limit && (!best || dist < best.dist)) best = { alias, dist };
  }
  return best ? `--${best.alias}` : undefined;
}

/** Tidies the text once flags are cut out: no doubled spaces, no dangling comma. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .replace(/[\s,，;；:：]+$/, '')
    .trim();
}

/**
 * Strips and parses `--ar W:H` (`--aspect`, `16：9`), `--seed N`, `--size N`,
 * `--strength X` and `--task T` from an instruction. Flags inside quotes are
 * caption text and stay. Unknown flags are removed with a hint, never silently.
 */
export function parseParams(text: string): ParsedParams {
  const spans = findQuotedSpans(text);
  const hints: Hint[] = [];
  const params: RequestParams = {};
  let task: Task | undefined;
  const seen = new Set<FlagName>();
  const cuts: [number, number][] = [];

  for (const match of text.matchAll(FLAG_RE)) {
    const start = match.index;
    if (insideSpan(start, spans)) continue;
    const rawName = match[1] as string;
    const name = rawName.toLowerCase();
    const flag = FLAG_ALIASES[name];
    let end = start + match[0].length;
    let value = match[2];

    if (value === undefined) {
      const rest = text.slice(end);
      const ratio = flag === 'aspect' ? RATIO_VALUE_RE.exec(rest) : null;
      const word = ratio ?? WORD_VALUE_RE.exec(rest);
      const candidate = word?.[1];
      // Unknown flags usually take a value too ("--style raw", "--no text"); switches do not.
      const takesValue = flag !== undefined || !SWITCHES.has(name) || NUMERIC_LIKE.test(candidate ?? '');
      if (word && candidate !== undefined && takesValue) {
        value = candidate;
        end += word[0].length;
      }
    }
    cuts.push([start, end]);

    if (!flag) {
      const suggestion = suggestFlag(name);
      hints.push(
        suggestion
          ? { key: 'flag_unknown_suggest', values: { flag: `--${rawName}`, suggestion } }
          : { key: 'flag_unknown', values: { flag: `--${rawName}` } },
      );
      continue;
    }
    const display = `--${rawName}`;
    value = value?.replace(TRAILING_PUNCT, '');
    if (!value) {
      hints.push({ key: 'flag_missing_value', values: { flag: display, example: EXAMPLES[flag] } });
      continue;
    }
    if (seen.has(flag)) hints.push({ key: 'flag_repeated', values: { flag: display, value } });
    seen.add(flag);

    switch (flag) {
      case 'aspect': {
        const aspect = parseAspect(value);
        if (aspect) params.aspect = clampAspect(aspect, hints);
        else hints.push({ key: 'aspect_invalid', values: { value } });
        break;
      }
      case 'seed': {
        const seed = checkSeed(value, hints);
        if (seed !== undefined) params.seed = seed;
        break;
      }
      case 'size': {
        const size = checkSize(value, hints);
        if (size !== undefined) params.size = size;
        break;
      }
      case 'strength': {
        const strength = checkStrength(value, hints);
        if (strength !== undefined) params.strength = strength;
        break;
      }
      case 'task': {
        const named = taskFromWord(value);
        if (named) task = named;
        else hints.push({ key: 'task_unknown', values: { value, tasks: TASK_LIST } });
        break;
      }
    }
  }

  let out = '';
  let last = 0;
  for (const [start, end] of cuts) {
    out += text.slice(last, start);
    // Punctuation that followed the flag closes up on the words before it ("a cat --v 6, 4k").
    out = /^[,，;；。!！?？)）.]/.test(text.slice(end)) ? out.trimEnd() : `${out} `;
    last = end;
  }
  out += text.slice(last);

  const result: ParsedParams = { text: tidy(out), params, hints };
  if (task) result.task = task;
  return result;
}

/**
 * Checks parameters an adapter filled from command options (already typed):
 * the same ranges as typed flags, with the same hints.
 */
export function validateParams(input: RequestParams): { params: RequestParams; hints: Hint[] } {
  const hints: Hint[] = [];
  const params: RequestParams = {};
  if (input.aspect) {
    const { w, h } = input.aspect;
    if (Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0) {
      params.aspect = clampAspect({ w, h }, hints);
    } else {
      hints.push({ key: 'aspect_invalid', values: { value: `${w}:${h}` } });
    }
  }
  if (input.seed !== undefined) {
    const seed = checkSeed(String(input.seed), hints);
    if (seed !== undefined) params.seed = seed;
  }
  if (input.size !== undefined) {
    if (Number.isFinite(input.size)) params.size = clampSize(input.size, hints);
    else hints.push({ key: 'size_invalid', values: { value: String(input.size) } });
  }
  if (input.strength !== undefined) {
    if (Number.isFinite(input.strength)) params.strength = clampStrength(input.strength, hints);
    else hints.push({ key: 'strength_invalid', values: { value: String(input.strength) } });
  }
  return { params, hints };
}
