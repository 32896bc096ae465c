// The planner's rules: a pattern on a folded clause and the steps it means.
// Higher priority wins where matches overlap ("blur the background" is not "blur").
import type { EditStep } from '../types.js';
import { canonicalColor } from '../../common/colors.js';
import {
  ASPECT_EN,
  ASPECT_ZH,
  EN_COLOR,
  QUOTE,
  ZH_COLOR,
  ZH_NUMBER,
  intensity,
  parseAspect,
  parseNumber,
  percentage,
} from './planner-words.js';

export interface RuleContext {
  /** The clause folded (lower case, half-width), quotes as markers. */
  clause: string;
  /** The same clause as typed (same offsets), quotes as markers. */
  original: string;
  /** Quoted texts, exactly as typed, by marker index. */
  quotes: string[];
}

export interface Rule {
  name: string;
  priority: number;
  pattern: RegExp;
  /** The steps a match means; null when the words match but say too little ("crop it"). */
  build(m: RegExpExecArray, ctx: RuleContext): EditStep[] | null;
}

const WHOLE_IMAGE_EN =
  /^(?:it|this|that|the (?:whole )?(?:image|photo|picture|pic|thing)|the whole thing|everything|(?:the )?image|(?:the )?photo|(?:the )?picture)$/;
const WHOLE_IMAGE_ZH = /^(?:它|这张图?|这张照片|这张图片|图片|照片|图|整张图|整体|这个|整个画面|画面|全图)$/;
const BACKGROUND_WORD = /^(?:the )?(?:background|backdrop|bg)$|背景/;

const position = (clause: string, fallback: 'top' | 'bottom'): 'top' | 'bottom' => {
  if (/\b(?:top|above|upper|header)\b|顶部|上方|上面|顶端|最上|上边|顶上/.test(clause)) return 'top';
  if (/\b(?:bottom|below|lower|footer|underneath)\b|底部|下方|下面|底端|最下|下边|底下/.test(clause)) return 'bottom';
  return fallback;
};

/** Titles and headlines go on top unless said otherwise; captions and the rest at the bottom. */
const defaultPosition = (clause: string): 'top' | 'bottom' =>
  /\b(?:title|headline|heading|header)\b|标题|题目|大标题/.test(clause) ? 'top' : 'bottom';

const captionFromQuote = (m: RegExpExecArray, ctx: RuleContext): EditStep[] | null => {
  const text = ctx.quotes[Number(m[1])]?.trim();
  if (!text) return null;
  return [{ op: 'caption', text, position: position(ctx.clause, defaultPosition(ctx.clause)) }];
};

/** Unquoted caption text: the rest of the clause as typed, minus a trailing "at the top". */
const captionFromRest = (m: RegExpExecArray, ctx: RuleContext): EditStep[] | null => {
  const start = m.indices?.[1]?.[0];
  if (start === undefined) return null;
  const text = ctx.original
    .slice(start)
    .replace(
      /\s*(?:\b(?:at|on|to|in|across)\s+(?:the\s+)?(?:top|bottom)(?:\s+of\s+(?:it|the\s+\w+))?|(?:在|放在|于)?(?:顶部|底部|上方|下方|上面|下面))\s*$/i,
      '',
    )
    .replace(/^[\s:：]+|[\s.。!！]+$/g, '')
    .trim();
  if (!text || text.includes('\uE000')) return null;
  return [{ op: 'caption', text, position: position(ctx.clause, defaultPosition(ctx.clause)) }];
};

const adjustRule = (
  name: string,
  property: 'brightness' | 'contrast' | 'saturation' | 'warmth',
  sign: 1 | -1,
  base: number,
  pattern: RegExp,
): Rule => ({
  name,
  priority: 40,
  pattern,
  build: (_m, ctx) => {
    const amount = percentage(ctx.clause) ?? base * intensity(ctx.clause);
    return [{ op: 'adjust', property, amount: (sign * Math.round(amount * 100)) / 100 }];
  },
});

const style = (name: string, priority: number, pattern: RegExp): Rule => ({
  name,
  priority,
  pattern,
  build: () => [{ op: 'style', style: name }],
});

const rotateDegrees = (amount: string | undefined, direction: string | undefined): number | null => {
  const deg = parseNumber(amount) ?? 90;
  if (!Number.isFinite(deg) || deg === 0 || Math.abs(deg) > 360) return null;
  const ccw = direction !== undefined && /counter|anti|ccw|left|逆|左/.test(direction);
  return ccw ? -deg : deg;
};

function padFill(clause: string): string {
  if (/\bletterbox/.test(clause)) return 'black';
  const color = new RegExp(
    `\\b(${EN_COLOR})\\b[^,]*?\\b(?:background|fill|borders?|bars|edges|sides|padding|canvas)|(${ZH_COLOR})色?的?(?:边|背景|填充|底)`,
  ).exec(clause);
  if (color) return canonicalColor(color[1] ?? color[2] ?? 'white');
  return 'blur';
}

const cropOrPad = (aspectText: string | undefined, ctx: RuleContext): EditStep[] | null => {
  const aspect = aspectText ? parseAspect(aspectText) : undefined;
  if (!aspect) return null;
  if (/\b(?:crop|cropping|cut|trim)\b|裁|剪/.test(ctx.clause)) return [{ op: 'crop', aspect }];
  return [{ op: 'pad', aspect, fill: padFill(ctx.clause) }];
};

const IMG_EN = '(?:\\s+(?:it|this|that|the\\s+(?:image|photo|picture|pic)))?';

export const RULES: Rule[] = [
  // Captions: quoted text after a word that asks for text, or unquoted after "caption:".
  {
    name: 'caption-quoted',
    priority: 90,
    pattern: new RegExp(
      `(?:\\b(?:add|put|write|place|insert|include|overlay|type|stamp|caption|title|label|subtitle|headline|heading|text|words?|says?|saying|slogan|watermark|tagline)\\b|加|添|写|配|打上|标上|标题|字幕|文字|文案|标语|题字|配文|水印)[^\\uE000]{0,40}?${QUOTE}`,
      'd',
    ),
    build: captionFromQuote,
  },
  {
    name: 'caption-quoted-as',
    priority: 90,
    pattern: new RegExp(`${QUOTE}\\s*(?:as|for)\\s+(?:a\\s+|the\\s+)?(?:caption|title|text|headline)`, 'd'),
    build: captionFromQuote,
  },
  {
    name: 'caption-en',
    priority: 85,
    pattern:
      /\b(?:add|put|write|place|insert|include|overlay)\s+(?:a\s+|an\s+|the\s+|some\s+)?(?:(?:big|small|large|white|bold)\s+)?(?:caption|title|text|headline|heading|subtitle|label|words?|slogan|tagline)\s*(?:that\s+says|saying|reading|which\s+says|of|:)?\s+(\S.*)$/d,
    build: captionFromRest,
  },
  {
    name: 'caption-colon',
    priority: 85,
    pattern: /\b(?:caption|title|headline|text)\s*:\s*(\S.*)$/d,
    build: captionFromRest,
  },
  {
    name: 'caption-zh',
    priority: 85,
    pattern:
      /(?:加上?|添加|写上?|配上?|打上|标上)(?:一[个行句段条])?(?:(?:顶部|底部|上方|下方)的?)?(?:标题|字幕|文字|文案|标语|一句话|配文)\s*(?::|是|为|写着|内容是)?\s*(\S.*)$/d,
    build: captionFromRest,
  },

  // Aspect changes: centre crop when cropping is named, else padding (nothing is lost).
  {
    name: 'crop-en',
    priority: 78,
    pattern: new RegExp(
      `\\b(?:crop|cropped|trim)\\b${IMG_EN}(?:\\s+(?:to|into|as|in|for|down to))?(?:\\s+an?)?\\s*(${ASPECT_EN})?`,
      'd',
    ),
    build: (m, ctx) => {
      const aspect = parseAspect(m[1] ?? new RegExp(ASPECT_EN).exec(ctx.clause)?.[0] ?? '');
      return aspect ? [{ op: 'crop', aspect }] : null;
    },
  },
  {
    name: 'crop-zh',
    priority: 78,
    pattern: new RegExp(`(?:裁剪|裁切|剪裁|裁)(?:一下)?(?:成|为|到|出)?(?:一个|一张)?(${ASPECT_ZH})?`, 'd'),
    build: (m, ctx) => {
      const aspect = parseAspect(m[1] ?? new RegExp(ASPECT_ZH).exec(ctx.clause)?.[0] ?? '');
      return aspect ? [{ op: 'crop', aspect }] : null;
    },
  },
  {
    name: 'pad-en',
    priority: 82,
    pattern: new RegExp(
      `\\b(?:make|turn|change|convert|pad|extend|expand|reframe|format|fit|put|resize|letterbox)\\b[^\\uE000,]*?\\b(${ASPECT_EN})(?:\\s+(?:ratio|aspect(?: ratio)?|format|size|frame|canvas))?(?:\\s+(?:with|using|on|by adding)\\s+(?:a\\s+|an\\s+)?(?:(?:blurr?(?:ed|y)?|${EN_COLOR})\\s+)?(?:background|fill|borders?|bars|edges|sides|padding|canvas)s?)?`,
    ),
    build: (m, ctx) => cropOrPad(m[1], ctx),
  },
  {
    name: 'pad-zh',
    priority: 82,
    pattern: new RegExp(
      `(?:变成|改成|做成|转成|调成|补成|扩展成|扩成|填充成|改为|弄成|扩展为|补齐为|补齐成)(${ASPECT_ZH})(?:的?(?:比例|尺寸|画幅))?(?:[,]?(?:用|加|填充|补)?(?:模糊|${ZH_COLOR})色?的?(?:边|背景|填充|底))?`,
    ),
    build: (m, ctx) => cropOrPad(m[1], ctx),
  },

  // Background (needs a foreground mask).
  {
    name: 'background-remove',
    priority: 80,
    pattern:
      /\b(?:remove|delete|erase|drop|get rid of|take out|take away|cut out|strip|lose)\s+(?:the\s+|its\s+|that\s+)?(?:background|backdrop|bg)\b|\b(?:transparent|no)\s+(?:background|backdrop)\b|\bbackground\s+(?:removed|transparent)\b|\b(?:make|set|turn)\s+(?:it|this|the\s+(?:image|photo|picture|background|backdrop|bg))\s+transparent\b|\bcut\s+(?:it|him|her|them|the\s+\w+)\s+out\b|(?:去掉|去除|删除|删掉|抠掉|移除|不要|扣掉|去)背景(?![里中上]的|里面)|背景(?:去掉|去除|删掉|删除|透明|抠掉)|抠图|透明背景/,
    build: () => [{ op: 'background', mode: 'remove' }],
  },
  {
    name: 'background-blur',
    priority: 80,
    pattern:
      /\bblur(?:red)?\s+(?:out\s+)?(?:the\s+)?(?:background|backdrop|bg)\b|\b(?:background|backdrop)\s+(?:blur|blurr?ed|blurry|out of focus|bokeh)\b|\bbokeh\b|\bportrait mode\b|\bshallow depth of field\b|背景虚化|虚化背景|模糊背景|背景模糊|背景(?:弄|变|调)得?模糊|背景(?:弄|变)虚/,
    build: () => [{ op: 'background', mode: 'blur' }],
  },
  {
    name: 'background-gradient',
    priority: 81,
    pattern: new RegExp(
      `\\b(?:(${EN_COLOR})\\s+)?gradient\\s+(?:background|backdrop)\\b|\\b(?:background|backdrop)\\b[^\\uE000,]*?\\b(?:(${EN_COLOR})\\s+)?gradient\\b|(?:(${ZH_COLOR})色?的?)?渐变(?:色)?的?背景|背景(?:换成|改成|变成|改为)?(?:(${ZH_COLOR})色?的?)?渐变`,
    ),
    build: (m) => {
      const c = m[1] ?? m[2] ?? m[3] ?? m[4];
      return [{ op: 'background', mode: 'replace', ...(c ? { value: canonicalColor(c) } : {}) }];
    },
  },
  {
    name: 'background-color',
    priority: 80,
    pattern: new RegExp(
      `\\b(?:background|backdrop|bg)\\b(?:\\s+colou?r)?\\s+(?:to\\s+|into\\s+|with\\s+|in\\s+|be\\s+)?(?:a\\s+|an\\s+|pure\\s+|plain\\s+|solid\\s+)*(${EN_COLOR})\\b|\\b(?:a\\s+|an\\s+)?(?:plain\\s+|solid\\s+|pure\\s+)?(${EN_COLOR})\\s+(?:background|backdrop)\\b|背景(?:色|颜色)?(?:换成|改成|变成|改为|换为|涂成|设为|设成|调成|弄成|是|用)?(?:纯)?(${ZH_COLOR})色?|(?:纯)?(${ZH_COLOR})色?的?背景`,
    ),
    build: (m) => [{ op: 'background', mode: 'color', value: canonicalColor(m[1] ?? m[2] ?? m[3] ?? m[4] ?? 'white') }],
  },

  // Geometry.
  {
    name: 'flip-en',
    priority: 75,
    pattern: new RegExp(
      `\\b(?:flip|flipped|mirror|mirrored|reflect)\\b${IMG_EN}(?:\\s+(horizontally|vertically|upside[- ]down|left[- ]to[- ]right|top[- ]to[- ]bottom|sideways|horizontal|vertical|over))?`,
    ),
    build: (m, ctx) => [
      {
        op: 'flip',
        axis:
          /vertical|upside|top/.test(m[1] ?? '') || /\bvertically\b|upside[- ]down/.test(ctx.clause)
            ? 'vertical'
            : 'horizontal',
      },
    ],
  },
  {
    name: 'flip-zh',
    priority: 75,
    pattern: /(水平|左右|垂直|上下)(?:翻转|镜像|颠倒|翻)|翻转|镜像|反转/,
    build: (m) => [{ op: 'flip', axis: m[1] === '垂直' || m[1] === '上下' ? 'vertical' : 'horizontal' }],
  },
  {
    name: 'rotate-en',
    priority: 70,
    pattern: new RegExp(
      `\\b(?:rotate|rotated|spin|turn)\\b${IMG_EN}(?:\\s+(?:by|to))?\\s*(?:(-?\\d+(?:\\.\\d+)?)\\s*(?:°|degrees?|deg)?)?\\s*(clockwise|cw|counter[- ]?clockwise|anti[- ]?clockwise|ccw|to the left|to the right|left|right)?`,
    ),
    build: (m, ctx) => {
      // "turn it into a cartoon" is no rotation: "turn" needs an angle or a direction.
      if (/^turn/.test(m[0]) && m[1] === undefined && m[2] === undefined) return null;
      const direction = m[2] ?? /\b(?:counter[- ]?clockwise|anti[- ]?clockwise|ccw)\b/.exec(ctx.clause)?.[0];
      const deg = rotateDegrees(m[1], direction);
      return deg === null ? null : [{ op: 'rotate', degrees: deg }];
    },
  },
  {
    name: 'rotate-upside-down',
    priority: 72,
    pattern: /\b(?:turn|put|make|rotate)\b[^,]*?\bupside[- ]down\b|倒过来|倒置|颠倒过来/,
    build: () => [{ op: 'rotate', degrees: 180 }],
  },
  {
    name: 'rotate-zh',
    priority: 70,
    pattern: new RegExp(
      `(顺时针|逆时针|向左|向右|往左|往右)?(?:旋转|转动|转)\\s*(${ZH_NUMBER})\\s*(?:度|°)(顺时针|逆时针)?|(顺时针|逆时针|向左|向右|往左|往右)?旋转(?:一下)?\\s*(${ZH_NUMBER})?\\s*(?:度|°)?(顺时针|逆时针)?|(向左|向右|往左|往右|左|右)转\\s*(${ZH_NUMBER})?\\s*(?:度|°)?`,
    ),
    build: (m) => {
      const deg = rotateDegrees(m[2] ?? m[5] ?? m[8], m[1] ?? m[3] ?? m[4] ?? m[6] ?? m[7]);
      return deg === null ? null : [{ op: 'rotate', degrees: deg }];
    },
  },
  {
    name: 'resize-en',
    priority: 68,
    pattern:
      /\b(?:resize|scale|shrink|downscale|downsize|make|set|enlarge|upscale)\b(?:\s+(?:it|this|the\s+(?:image|photo|picture)))?(?:\s+(?:down|up))?(?:\s+to)?\s+(\d{2,5})\s*(?:px|pixels?)(?:\s*[x×*]\s*(\d{2,5})\s*(?:px|pixels?)?)?|\b(?:resize|scale)\b[^\uE000,]*?\b(\d{2,5})\s*[x×*]\s*(\d{2,5})\b/,
    build: (m) => {
      const longSide = Math.max(...[m[1], m[2], m[3], m[4]].map((v) => parseNumber(v) ?? 0));
      return longSide >= 16 ? [{ op: 'resize', longSide }] : null;
    },
  },
  {
    name: 'resize-side-en',
    priority: 69,
    pattern:
      /\b(\d{2,5})\s*(?:px|pixels?)\s+(wide|across|in width|tall|high|in height)\b|\b(width|height)\s+(?:of\s+|to\s+|=\s*)?(\d{2,5})\s*(?:px|pixels?)?/,
    build: (m) => {
      const n = parseNumber(m[1] ?? m[4]);
      if (!n || n < 16) return null;
      const side = m[2] ?? m[3] ?? '';
      return [/^(?:wide|across|in width|width)$/.test(side) ? { op: 'resize', width: n } : { op: 'resize', height: n }];
    },
  },
  {
    name: 'resize-side-zh',
    priority: 69,
    pattern: /(宽|高)(?:度)?(?:改|调|缩放|设)?(?:到|为|成|是)\s*(\d{2,5})\s*(?:像素|px)?/,
    build: (m) => {
      const n = parseNumber(m[2]);
      if (!n || n < 16) return null;
      return [m[1] === '宽' ? { op: 'resize', width: n } : { op: 'resize', height: n }];
    },
  },
  {
    name: 'resize-zh',
    priority: 68,
    pattern:
      /(?:缩放|调整(?:大小|尺寸)?|缩小|放大|改|调|变)(?:到|为|成)\s*(\d{2,5})\s*(?:像素|px)|(?:尺寸|大小)(?:改|调)?(?:到|为|成)\s*(\d{2,5})\s*[x×*]\s*(\d{2,5})/,
    build: (m) => {
      const longSide = Math.max(...[m[1], m[2], m[3]].map((v) => parseNumber(v) ?? 0));
      return longSide >= 16 ? [{ op: 'resize', longSide }] : null;
    },
  },
  {
    name: 'upscale-en',
    priority: 66,
    pattern:
      /\b(?:upscale|upsample|upres|enlarge|upsize|super[- ]?res(?:olution)?|magnify)\b(?:\s+(?:it|this|the\s+(?:image|photo|picture)))?(?:\s+(?:by|to))?\s*(?:(\d+(?:\.\d+)?)\s*[x×]|(\d+)\s*times|(two|three|four|double|triple|quadruple|twice))?|\b(\d+(?:\.\d+)?)\s*[x×]\s+(?:bigger|larger|the size|upscale|upscaled)\b|\b(double|twice)\s+(?:the\s+)?(?:size|resolution)\b|\bmake\s+(?:it\s+)?(?:bigger|larger)\b/,
    build: (m) => {
      const factor = parseNumber(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]) ?? 2;
      return factor > 1 && factor <= 8 ? [{ op: 'scale', factor: Math.min(4, factor) }] : null;
    },
  },
  {
    name: 'downscale-en',
    priority: 66,
    pattern:
      /\bhalf\s+(?:the\s+)?(?:size|resolution)\b|\b(?:shrink|downscale|downsize|make\s+(?:it\s+)?smaller|reduce\s+the\s+size(?:\s+of\s+it)?)\b(?:\s+(?:it|this))?(?:\s+by\s+(half|\d{1,2}\s*%))?/,
    build: (m) => {
      const by = m[1];
      const factor = by && by !== 'half' ? 1 - (parseNumber(by.replace(/\s*%$/, '')) ?? 50) / 100 : 0.5;
      return factor > 0 && factor < 1 ? [{ op: 'scale', factor }] : null;
    },
  },
  {
    name: 'upscale-zh',
    priority: 66,
    pattern: new RegExp(`(?:放大|超分(?:辨率)?|高清化|提高分辨率|变大)\\s*(${ZH_NUMBER})?\\s*倍?`),
    build: (m) => {
      const factor = parseNumber(m[1]) ?? 2;
      return factor > 1 && factor <= 8 ? [{ op: 'scale', factor: Math.min(4, factor) }] : null;
    },
  },
  {
    name: 'downscale-zh',
    priority: 66,
    pattern: new RegExp(`缩小(?:到)?(?:一半|(${ZH_NUMBER})\\s*倍)?|变小`),
    build: (m) => {
      const n = parseNumber(m[1]);
      return [{ op: 'scale', factor: n && n > 1 ? Math.round((1 / n) * 1000) / 1000 : 0.5 }];
    },
  },

  // Recolouring a thing (mask) or the whole picture (no mask needed).
  {
    name: 'recolor-en',
    priority: 60,
    pattern: new RegExp(
      `\\b(?:make|turn|change|paint|colou?r|dye|recolou?r|tint)\\s+(?:the\\s+|my\\s+|his\\s+|her\\s+|their\\s+|its\\s+|this\\s+|that\\s+)?([a-z][a-z -]{0,30}?)\\s+(?:colou?r\\s+)?(?:to\\s+|into\\s+|in\\s+)?(?:a\\s+|an\\s+)?(?:bright\\s+|dark\\s+|deep\\s+|light\\s+)?(${EN_COLOR})\\b|\\bchange\\s+the\\s+colou?r\\s+of\\s+(?:the\\s+)?([a-z][a-z -]{0,30}?)\\s+to\\s+(${EN_COLOR})\\b|\\b(?:change|make|turn|set)\\s+(?:the\\s+|my\\s+|this\\s+)?([a-z][a-z -]{0,30}?)['’]s\\s+colou?r\\s+(?:to\\s+|into\\s+)?(?:a\\s+|an\\s+)?(${EN_COLOR})\\b`,
    ),
    build: (m) => {
      const target = (m[5] ?? m[1] ?? m[3] ?? '').trim();
      const color = m[6] ?? m[2] ?? m[4];
      if (!color || !target || BACKGROUND_WORD.test(target)) return null;
      return [
        {
          op: 'recolor',
          target: WHOLE_IMAGE_EN.test(target) ? 'image' : target.replace(/^the\s+/, ''),
          color: canonicalColor(color),
        },
      ];
    },
  },
  {
    // "... and the grass yellow": the verb was said once for both.
    name: 'recolor-elliptic',
    priority: 59,
    pattern: new RegExp(`^(?:the\\s+|his\\s+|her\\s+|my\\s+|their\\s+)([a-z][a-z -]{0,20}?)\\s+(${EN_COLOR})$`),
    build: (m) => {
      const target = (m[1] ?? '').trim();
      if (!target || !m[2] || BACKGROUND_WORD.test(target)) return null;
      return [{ op: 'recolor', target, color: canonicalColor(m[2]) }];
    },
  },
  {
    name: 'recolor-zh',
    priority: 60,
    pattern: new RegExp(
      `(?:把|将)?(.{1,12}?)(?:的颜色)?(?:改成|换成|变成|涂成|染成|调成|改为|换为|变为|弄成|变)(?:纯)?(${ZH_COLOR})色?`,
    ),
    build: (m) => {
      const target = (m[1] ?? '').replace(/^(?:把|将)/, '').trim();
      const color = m[2];
      if (!color || !target || BACKGROUND_WORD.test(target)) return null;
      return [{ op: 'recolor', target: WHOLE_IMAGE_ZH.test(target) ? 'image' : target, color: canonicalColor(color) }];
    },
  },

  // Looks.
  style(
    'old-photo',
    58,
    /\b(?:19th[- ]century|nineteenth[- ]century|1800s|18[0-9]0s|victorian|daguerreotype|tintype|antique)\b|\bold(?:[- ]fashioned|[- ]timey)?\s+(?:photo(?:graph)?|picture|print)s?\b|\baged\s+photo|\blook(?:s|ing)?\s+(?:really\s+|very\s+|much\s+)?old(?:er)?\b|\bmake\s+it\s+(?:look\s+)?aged\b|老照片|旧照片|老相片|19\s*世纪|十九世纪|民国|年代久远/,
  ),
  style(
    'van-gogh',
    56,
    /\bvan\s*gogh(?:\s+(?:painting|style))?\b|\bstarry night\b|\b(?:post[- ])?impressionis[mt]\b|\bbrush\s*strokes?\b|梵高|梵谷|星空|印象派/,
  ),
  style('watercolor', 55, /\bwater[- ]?colou?rs?(?:\s+painting)?\b|\baquarelle\b|水彩/),
  style(
    'sketch',
    54,
    /\b(?:pencil|charcoal|graphite)(?:\s+(?:sketch|drawing|art))?\b|\bsketch(?:ed|y)?\b|\bline\s+drawing\b|\bline[- ]?art\b|(?<!\b(?:anime|manga|cartoon|comic|kids?'?|crayon|child'?s)\s+)\bdrawing\b|素描|铅笔画|铅笔|速写|线稿|手绘/,
  ),
  style('pixel-art', 53, /\bpixel(?:[- ]?art|ated|ate|ize|ise|y)?\b|\b(?:8|16)[- ]?bit\b|\bretro\s+game\b|像素/),
  style(
    'cartoon',
    53,
    /\bcartoon(?:ish|y|ize|ise|ify|ified)?\b|\btoonif(?:y|ied)\b|\bcomic(?:s|\s+book)?\b|\banime\b|\bmanga\b|\btoon\b|\bcel[- ]shad(?:ed|ing)\b|卡通|漫画|动漫|动画风|二次元/,
  ),
  style('sepia', 52, /\bsepia\b|棕褐色|褐色调|泛黄/),
  style(
    'vintage',
    51,
    /\b(?:vintage|retro|nostalgic|polaroid|instant\s+film|film\s+look|analog(?:ue)?\s+film|old[- ]school|faded|(?:19)?[5-8]0s)\b|复古|怀旧|年代感|胶片/,
  ),
  style('oil', 50, /\boil(?:[- ]?paint(?:ed|ing)?)?\b|\bimpasto\b|油画/),
  style('oil', 45, /\bpainting\b|\bpainted\b|\bpainterly\b|画成画|绘画/),
  {
    name: 'grayscale',
    priority: 55,
    pattern:
      /\bblack_and_white\b|\bblack\s*&\s*white\b|\bb\s*&\s*w\b|\bb\/w\b|\bgr[ae]y\s*scale\b|\bmonochrome\b|\bmono\b|\bdesaturate[d]?\b|\bno\s+colou?rs?\b|\bremove\s+(?:the\s+|all\s+(?:the\s+)?)?colou?rs?\b|黑白|灰度|去色|单色|灰白/,
    build: () => [{ op: 'grayscale' }],
  },
  {
    name: 'invert',
    priority: 50,
    pattern: /\binvert(?:ed)?\b|\bnegative\b|\binverse\s+colou?rs?\b|反色|负片|反相/,
    build: () => [{ op: 'invert' }],
  },

  // Tone.
  adjustRule(
    'brighter',
    'brightness',
    1,
    0.25,
    /\b(?:brighter|brighten|lighten|lighter|more\s+light|(?:increase|raise|boost|up|turn\s+up)\s+(?:the\s+)?(?:brightness|exposure)|(?:brightness|exposure)\s+up|less\s+dark|too\s+dark)\b|亮一[点些]|调亮|提亮|变亮|更亮|增加亮度|提高亮度|亮度(?:调)?高|太暗|加亮|亮点/,
  ),
  adjustRule(
    'darker',
    'brightness',
    -1,
    0.25,
    /\b(?:darker|darken|dimmer|dim|less\s+bright|(?:decrease|reduce|lower|turn\s+down)\s+(?:the\s+)?(?:brightness|exposure)|(?:brightness|exposure)\s+down|too\s+bright)\b|暗一[点些]|调暗|压暗|变暗|更暗|降低亮度|亮度(?:调)?低|太亮|暗点/,
  ),
  adjustRule(
    'more-contrast',
    'contrast',
    1,
    0.3,
    /\b(?:more|increase|higher|high|boost|raise|add|stronger|punchier)\s+(?:the\s+)?contrast\b|\bcontrast\s+(?:up|higher)\b|\bpunchier\b|\bmood(?:y|ier)\b|\bdramatic\b|(?:增加|提高|增强|加大|加强)对比度?|对比度?(?:调)?(?:高|强|大)一?[点些]?/,
  ),
  adjustRule(
    'less-contrast',
    'contrast',
    -1,
    0.3,
    /\b(?:less|decrease|lower|low|reduce|softer|weaker)\s+(?:the\s+)?contrast\b|\bcontrast\s+(?:down|lower)\b|\bflatter\b|(?:降低|减少|减弱|减小)对比度?|对比度?(?:调)?(?:低|弱|小)一?[点些]?/,
  ),
  adjustRule(
    'more-saturation',
    'saturation',
    1,
    0.4,
    /\b(?:more|increase|boost|raise|higher|high)\s+(?:the\s+)?saturation\b|\bmore\s+(?:saturated|vivid|vibrant|colou?rful)\b|\bsaturate\b|\b(?:vivid|vibrant|colou?rful|punchy)\b|\bcolou?rs?\s+pop\b|\bmake\s+(?:it|them)\s+pop\b|鲜艳|(?:增加|提高|加大)饱和度?|饱和度?(?:调)?(?:高|大)一?[点些]?|色彩更?浓/,
  ),
  adjustRule(
    'less-saturation',
    'saturation',
    -1,
    0.4,
    /\b(?:less|lower|reduce|decrease)\s+(?:the\s+)?saturat(?:ion|ed)\b|\bmore\s+muted\b|\bmuted(?:\s+colou?rs)?\b|\bwashed[- ]out\b|\bpastel\b|(?:降低|减少|减小)饱和度?|饱和度?(?:调)?(?:低|小)一?[点些]?|淡一[点些]|颜色淡/,
  ),
  adjustRule(
    'warmer',
    'warmth',
    1,
    0.3,
    /\bwarm(?:er)?\b(?:\s+(?:tones?|colou?rs?|light))?|\bgolden\s+hour\b|暖色调?|暖调|暖一[点些]|更暖|变暖|偏暖/,
  ),
  adjustRule(
    'cooler',
    'warmth',
    -1,
    0.3,
    /\b(?:cool(?:er)?|cold(?:er)?)\b(?:\s+(?:tones?|colou?rs?))?|冷色调?|冷调|冷一[点些]|更冷|变冷|偏冷|偏蓝/,
  ),

  // Detail.
  {
    name: 'vignette',
    priority: 37,
    pattern:
      /\bvignett(?:e|ed|ing)\b|\bdark(?:er|en(?:ed)?)?\s+(?:the\s+)?(?:corners|edges)\b|暗角|晕影|四周(?:变|压)?暗/,
    build: (_m, ctx) => [
      { op: 'vignette', strength: Math.min(1, Math.round(0.45 * intensity(ctx.clause) * 100) / 100) },
    ],
  },
  {
    name: 'blur',
    priority: 35,
    pattern: /\bblur(?:red|ry)?\b|\bsoften\b|\bout\s+of\s+focus\b|\bdefocus(?:ed)?\b|\bsoft\s+focus\b|模糊|虚化|柔化/,
    build: (_m, ctx) => [{ op: 'blur', sigma: Math.round(3 * intensity(ctx.clause) * 10) / 10 }],
  },
  {
    name: 'sharpen',
    priority: 36,
    pattern:
      /\bsharpen(?:ed)?\b|\bsharper\b|\bcrisper\b|\bcrisp\b|\bmore\s+detail(?:ed)?\b|\bdeblur\b|\bunblur\b|锐化|更清晰|清晰一?[点些]?|变清晰/,
    build: () => [{ op: 'sharpen' }],
  },

  // Removing a thing (needs a mask and inpainting).
  {
    name: 'remove-en',
    priority: 30,
    pattern:
      /\b(?:remove|delete|erase|get rid of|take out|take away|eliminate)\s+(?:the\s+|that\s+|this\s+|those\s+|these\s+|all\s+(?:the\s+)?)?([a-z][a-z' -]{0,40}?)(?:\s+(?:from|in|on|at|behind)\b.*)?$/,
    build: (m) => {
      const target = (m[1] ?? '').trim();
      return target && !BACKGROUND_WORD.test(target) ? [{ op: 'remove', target }] : null;
    },
  },
  {
    name: 'remove-zh',
    priority: 30,
    pattern: /(?:去掉|去除|删除|删掉|移除|抹掉|擦掉|p掉|消除|拿掉)(.{1,20})$/,
    build: (m) => {
      const raw = (m[1] ?? '').replace(/[吧吗呢啊。.!！]+$/, '');
      const target =
        raw
          .split(/里的|中的|上的|里面的/)
          .pop()
          ?.trim() ?? '';
      return target && !/^背景$/.test(target) ? [{ op: 'remove', target }] : null;
    },
  },
];
