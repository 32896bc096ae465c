// Planner rules for edits that read several images: side by side, stacked, a
// grid, before/after, and "use this one as the background". Which image is
// which is upload order (the replied-to image first).
import type { EditStep } from '../types.js';
import { canonicalColor } from '../../common/colors.js';
import type { Rule, RuleContext } from './planner-rules.js';
import { EN_COLOR, ZH_COLOR } from './planner-words.js';

const HAN = /\p{Script=Han}/u;

/** "no gap", "seamless", 无缝 -> 0; "with a black border" -> background black. */
function combineOptions(clause: string): { gap?: number; background?: string } {
  const out: { gap?: number; background?: string } = {};
  if (
    /\b(?:no|without(?: an?| any)?)\s+(?:gaps?|borders?|spac(?:e|ing)|lines?|margins?)\b|\bseamless(?:ly)?\b|无缝|不留(?:缝|空|白|间隔)|不要(?:间隔|缝|边框|白边)|没有(?:间隔|缝|边框)/.test(
      clause,
    )
  ) {
    out.gap = 0;
  }
  const color = new RegExp(
    `\\b(${EN_COLOR})\\b\\s+(?:gaps?|borders?|lines?|background|spacing|margins?|frame)|(${ZH_COLOR})色?的?(?:间隔|边框|背景|缝|底|边)`,
  ).exec(clause);
  if (color) out.background = canonicalColor(color[1] ?? color[2] ?? 'white');
  return out;
}

const combine =
  (layout: 'side-by-side' | 'stack' | 'grid') =>
  (_m: RegExpExecArray, ctx: RuleContext): EditStep[] => [{ op: 'combine', layout, ...combineOptions(ctx.clause) }];

const ORDINAL: Record<string, number> = {
  first: 1,
  '1st': 1,
  one: 1,
  second: 2,
  '2nd': 2,
  two: 2,
  other: 2,
  last: 2,
  third: 3,
  '3rd': 3,
  three: 3,
  fourth: 4,
  '4th': 4,
  一: 1,
  '1': 1,
  二: 2,
  两: 2,
  '2': 2,
  三: 3,
  '3': 3,
  四: 4,
  '4': 4,
  另: 2,
  后: 2,
  前: 1,
};

/** "the second one" -> 2; "this one" (the image just sent, after the one it goes with) -> 2. */
const backgroundIndex = (word: string | undefined): number => (word ? (ORDINAL[word] ?? 2) : 2);

const IMAGE_EN = '(?:one|image|photo|picture|pic|shot)';

/** "... with a black border": the colour belongs to the layout, not to the background rules. */
const COMBINE_TAIL = `(?:[^,]{0,30}?\\bwith\\s+(?:a\\s+|an\\s+)?(?:(?:${EN_COLOR})\\s+)?(?:gaps?|borders?|background|lines?|spacing|frame)\\b)?`;

const combinePattern = (core: RegExp) => new RegExp(`(?:${core.source})${COMBINE_TAIL}`);

export const MULTI_IMAGE_RULES: Rule[] = [
  {
    name: 'background-from-en',
    // Above the background colour/replace rules: "replace the background with the second photo" is this.
    priority: 95,
    pattern: new RegExp(
      `\\buse\\s+(?:this|that|it|this\\s+${IMAGE_EN}|that\\s+${IMAGE_EN}|the\\s+(first|1st|second|2nd|third|3rd|fourth|4th|other|last)\\s+${IMAGE_EN}|(?:image|photo|picture|pic)\\s+(?:#\\s*)?(\\d))\\s+(?:as|for)\\s+(?:the\\s+|a\\s+)?(?:new\\s+)?(?:background|backdrop|bg)\\b|\\b(?:replace|swap|change)\\s+(?:the\\s+)?(?:background|backdrop|bg)\\s+(?:with|for|to)\\s+(?:this\\s+${IMAGE_EN}|the\\s+(first|second|third|other|last)\\s+${IMAGE_EN}|(?:image|photo|picture)\\s+(\\d))|\\b(?:put|place)\\s+.{1,30}?\\s+(?:on|onto|into|in front of|over)\\s+(?:the\\s+)?(first|second|third|other|last)\\s+(?:image|photo|picture|pic|one)(?:'s\\s+background)?|\\bas\\s+the\\s+(?:background|backdrop)\\s+(?:use|take)\\s+(?:the\\s+)?(first|second|third|other|last)\\b`,
    ),
    build: (m) => [{ op: 'background-from', index: backgroundIndex(m.slice(1).find((g) => g !== undefined)) }],
  },
  {
    name: 'background-from-zh',
    priority: 95,
    pattern:
      /(?:用|拿|把|以)(?:这|那)(?:一)?张(?:图片?|照片)?(?:来)?(?:做|当|作为?|当做|当作)背景|(?:用|拿|把|以)?第\s*([一二两三四1-4])\s*张(?:图片?|照片)?(?:来)?(?:做|当|作为?|当做|当作)背景|(?:用|拿|把|以)?([另后前])一张(?:图片?|照片)?(?:来)?(?:做|当|作为?|当做|当作)背景|背景(?:换成|改成|用|替换成|变成)(?:第\s*([一二两三四1-4])\s*张|这张|另一张|后一张)(?:图片?|照片)?|(?:放|贴|合成)(?:到|在|进)(?:第\s*([一二两三四1-4])\s*张|另一张|后一张|这张)(?:图片?|照片)?(?:的背景)?(?:上|里|中)?/,
    build: (m) => [{ op: 'background-from', index: backgroundIndex(m.slice(1).find((g) => g !== undefined)) }],
  },
  {
    name: 'before-after',
    priority: 92,
    pattern:
      /\bbefore[_\s]*(?:and|&|\/|vs\.?|versus|-)[_\s]*after\b|\bbefore-and-after\b|\b(?:next to|beside|alongside|compared? (?:to|with)|against)\s+(?:the\s+)?original\b|\bwith\s+(?:the\s+)?original\s+(?:next to it|beside it|for comparison)\b|\bcomparison\s+with\s+(?:the\s+)?original\b|前后对比|修改前后|处理前后|对比图|(?:和|与|跟)原图(?:放在一起|并排)?对比|原图对比/,
    build: (_m, ctx) => {
      const labels: [string, string] = HAN.test(ctx.clause) ? ['之前', '之后'] : ['Before', 'After'];
      const stacked = /\b(?:stack(?:ed)?|on top of each other|above|vertically)\b|上下/.test(ctx.clause);
      return [{ op: 'before-after', labels, ...(stacked ? { layout: 'stack' as const } : {}) }];
    },
  },
  {
    name: 'combine-grid',
    priority: 91,
    pattern: combinePattern(/\b(?:grid|collage|mosaic|contact sheet|photo wall)\b|拼图|[九四六]宫格|宫格|拼贴|照片墙/),
    build: combine('grid'),
  },
  {
    name: 'combine-stack',
    priority: 91,
    pattern: combinePattern(
      /\bstack(?:ed|ing)?\b(?:\s+(?:them|these|those|the\s+(?:images|photos|pictures|pics)|it))?(?:\s+(?:vertically|on top of each other))?|\b(?:on top of each other|one above the other|one on top of the other)\b|\b(?:combine|join|merge|stitch|put)\b.{0,40}?\b(?:vertically|top to bottom)\b|上下(?:拼接?|排列?|叠|放|摆|合并)|竖着拼|纵向拼接?|竖向拼接?/,
    ),
    build: combine('stack'),
  },
  {
    name: 'combine-side-by-side',
    priority: 90,
    pattern: combinePattern(
      /\bside[-\s_]*by[-\s_]*side\b|\b(?:next to|beside) each other\b|\b(?:combine|join|merge|stitch|put)\b.{0,40}?\b(?:horizontally|left to right|in a row)\b|\b(?:combine|join|merge|stitch)\s+(?:them|these|those|both|the\s+(?:two\s+)?(?:images|photos|pictures|pics))(?:\s+(?:together|into one))?\b|并排|左右(?:拼接?|排列?|放|摆|合并)|横着拼|横向拼接?|拼(?:在一起|接|成一张)|合(?:成|并)(?:成)?一张/,
    ),
    build: combine('side-by-side'),
  },
];
