// Word lists shared by the planner's rules: colours, aspect ratios, numbers, intensity.
// Patterns run on folded clauses (lower case, half-width), quoted text replaced by markers.
import type { AspectRatio } from '../types.js';
import { EN_COLORS, ZH_COLORS } from '../../common/colors.js';
import { parseAspect as parseRequestAspect } from '../router/aspect-ratio.js';

/** Quoted text is replaced by \uE000<index>\uE001 before matching, so it never reads as instruction. */
export const QUOTE = '\\uE000(\\d+)\\uE001';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const EN_COLOR = Object.keys(EN_COLORS)
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');

/** 黑 and 白 are colours except in 黑白 (black and white). */
export const ZH_COLOR = Object.keys(ZH_COLORS)
  .sort((a, b) => b.length - a.length)
  .map((k) => (k === '黑' ? '黑(?!白)' : k === '白' ? '(?<!黑)白' : k))
  .join('|');

export const ASPECT_EN =
  'square|\\d{1,2}\\s*[:×/]\\s*\\d{1,2}|\\d{1,2}\\s*x\\s*\\d{1,2}(?!\\d)|\\d{1,2} by \\d{1,2}|portrait|landscape|widescreen|instagram|story|stories';
export const ASPECT_ZH = '正方形|方形|方图|\\d{1,2}\\s*[:×比]\\s*\\d{1,2}|竖版|竖屏|横版|横屏|宽屏';

/** "16:9", "4 by 5", "16比9", "square" -> ratio; undefined when it is not one, or outside 1:4..4:1. */
export function parseAspect(text: string): AspectRatio | undefined {
  const aspect = parseRequestAspect(text);
  if (!aspect || aspect.w / aspect.h > 4 || aspect.h / aspect.w > 4) return undefined;
  return aspect;
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const EN_NUMBERS: Record<string, number> = { two: 2, double: 2, twice: 2, three: 3, triple: 3, four: 4, quadruple: 4 };

/** Arabic digits, Chinese numerals up to the hundreds ("两百七十"), or English words ("double"). */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (EN_NUMBERS[text] !== undefined) return EN_NUMBERS[text];
  let total = 0;
  let current = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ZH_DIGITS[ch] !== undefined) {
      current = ZH_DIGITS[ch];
    } else {
      return undefined;
    }
  }
  return total + current;
}

export const ZH_NUMBER = '\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百]+';

/** "a bit brighter" is half a step, "much brighter" 1.6 steps. */
export function intensity(clause: string): number {
  if (
    /\b(?:a (?:little )?(?:bit|touch)|slightly|a little|somewhat|subtly|a tad|gently)\b|稍微|稍稍|略微|一点|一些|有点|些许|微微/.test(
      clause,
    )
  )
    return 0.5;
  if (
    /\b(?:much|a lot|very|way|really|extremely|super|lots|heavily|strongly|significantly)\b|很|非常|大幅|超级|特别|强烈|多一些|狠狠/.test(
      clause,
    )
  )
    return 1.6;
  return 1;
}

/** "by 20%" -> 0.2 when the clause names a percentage. */
export function percentage(clause: string): number | undefined {
  const m = /(\d{1,3})\s*%|百分之([零一二两三四五六七八九十百]+|\d+)/.exec(clause);
  if (!m) return undefined;
  const v = parseNumber(m[1] ?? m[2]);
  return v === undefined ? undefined : v / 100;
}
