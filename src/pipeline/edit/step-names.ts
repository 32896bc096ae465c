import type { EditStep, Locale } from '../types.js';
import { canonicalColor, EN_COLORS, ZH_COLORS } from '../../common/colors.js';
import { cocoClass } from '../../common/coco-labels.js';
import type { LanczosReason, MaskNote, RoughMaskReason, UpscaleNote } from '../../common/edit-step.js';
import { article } from '../../common/i18n.js';
import { t, type MessageKey } from '../../common/messages.js';

const STYLE_NAMES: Record<string, Record<Locale, string>> = {
  sepia: { en: 'sepia toning', zh: '棕褐色调' },
  vintage: { en: 'a vintage look', zh: '复古效果' },
  'old-photo': { en: 'a 19th-century photo look', zh: '19 世纪老照片效果' },
  oil: { en: 'an oil-painting look', zh: '油画效果' },
  sketch: { en: 'a pencil-sketch look', zh: '铅笔素描效果' },
  cartoon: { en: 'a cartoon look', zh: '卡通效果' },
  watercolor: { en: 'a watercolour look', zh: '水彩效果' },
  'van-gogh': { en: 'Van Gogh-like brush strokes', zh: '梵高风格笔触' },
  'pixel-art': { en: 'a pixel-art look', zh: '像素画效果' },
};

const PROPERTY_NAMES: Record<string, Record<Locale, [string, string]>> = {
  brightness: { en: ['brighter', 'darker'], zh: ['调亮', '调暗'] },
  contrast: { en: ['more contrast', 'less contrast'], zh: ['提高对比度', '降低对比度'] },
  saturation: { en: ['more saturated', 'less saturated'], zh: ['提高饱和度', '降低饱和度'] },
  warmth: { en: ['warmer', 'cooler'], zh: ['色调更暖', '色调更冷'] },
};

function colorName(color: string, locale: Locale): string {
  const en = canonicalColor(color);
  if (locale === 'en') return en;
  const hex = EN_COLORS[en];
  const zh = Object.entries(ZH_COLORS).find(([, h]) => h === hex);
  return zh ? `${zh[0]}色` : color;
}

const pct = (amount: number) => `${amount >= 0 ? '+' : ''}${Math.round(amount * 100)}%`;

/** A short phrase for one step, in the reply's language ("added the caption “Hello”"). */
export function describeStep(step: EditStep, locale: Locale): string {
  const zh = locale === 'zh';
  switch (step.op) {
    case 'grayscale':
      return zh ? '转为黑白' : 'black and white';
    case 'style':
      return STYLE_NAMES[step.style]?.[locale] ?? step.style;
    case 'adjust': {
      const [up, down] = PROPERTY_NAMES[step.property]![locale];
      return `${step.amount >= 0 ? up : down} (${pct(step.amount)})`;
    }
    case 'blur':
      return zh ? '模糊' : 'blurred';
    case 'sharpen':
      return zh ? '锐化' : 'sharpened';
    case 'crop':
      if (step.aspect)
        return zh ? `裁剪为 ${step.aspect.w}:${step.aspect.h}` : `cropped to ${step.aspect.w}:${step.aspect.h}`;
      return zh ? '裁剪' : 'cropped';
    case 'rotate': {
      const deg = Math.abs(step.degrees);
      if (zh) return `${step.degrees >= 0 ? '顺时针' : '逆时针'}旋转 ${deg}°`;
      return `rotated ${deg}° ${step.degrees >= 0 ? 'clockwise' : 'counter-clockwise'}`;
    }
    case 'flip':
      if (zh) return step.axis === 'horizontal' ? '水平翻转' : '垂直翻转';
      return step.axis === 'horizontal' ? 'flipped horizontally' : 'flipped vertically';
    case 'resize':
      if (step.width !== undefined) return zh ? `缩放到宽 ${step.width} 像素` : `resized to ${step.width} px wide`;
      if (step.height !== undefined) return zh ? `缩放到高 ${step.height} 像素` : `resized to ${step.height} px tall`;
      return zh ? `缩放到长边 ${step.longSide} 像素` : `resized to ${step.longSide} px on the long side`;
    case 'scale':
      // How the pixels were made is said from the step's outcome (upscaleMethod).
      if (step.factor > 1) return zh ? `放大 ${step.factor} 倍` : `upscaled ${step.factor}×`;
      return zh ? `缩小到 ${Math.round(step.factor * 100)}%` : `scaled to ${Math.round(step.factor * 100)}%`;
    case 'pad': {
      const ratio = `${step.aspect.w}:${step.aspect.h}`;
      if (step.fill === 'blur') return zh ? `补边为 ${ratio}（模糊填充）` : `padded to ${ratio} with a blurred fill`;
      return zh
        ? `补边为 ${ratio}（${colorName(step.fill, locale)}）`
        : `padded to ${ratio} with ${colorName(step.fill, locale)}`;
    }
    case 'invert':
      return zh ? '反色' : 'inverted the colours';
    case 'vignette':
      return zh ? '加了暗角' : 'added a vignette';
    case 'caption':
      return zh ? `添加文字“${step.text}”` : `added the caption “${step.text}”`;
    case 'recolor': {
      const c = colorName(step.color, locale);
      const whole = step.target === 'image';
      if (zh) return whole ? `整体染成${c}` : `把${step.target}改成${c}`;
      return whole ? `tinted it ${c}` : `made the ${step.target} ${c}`;
    }
    case 'background':
      switch (step.mode) {
        case 'remove':
          return zh ? '去除背景' : 'removed the background';
        case 'blur':
          return zh ? '背景虚化' : 'blurred the background';
        case 'color':
          return zh
            ? `背景换成${colorName(step.value ?? 'white', locale)}`
            : `made the background ${colorName(step.value ?? 'white', locale)}`;
        case 'replace':
          return zh ? '背景换成渐变' : 'replaced the background with a gradient';
      }
      return zh ? '修改背景' : 'changed the background';
    case 'remove':
      return zh ? `去掉${step.target}` : `remove the ${step.target}`;
    case 'combine':
      if (step.layout === 'stack') return zh ? '上下拼接' : 'stacked top to bottom';
      if (step.layout === 'grid') return zh ? '拼成宫格' : 'made a grid';
      return zh ? '左右并排' : 'put side by side';
    case 'before-after':
      return zh ? '前后对比' : 'a before/after comparison';
    case 'background-from':
      return zh
        ? `把主体放到第 ${step.index} 张图上做背景`
        : `put the subject on image ${step.index} as the background`;
  }
}

/** Where an aspect crop was placed, when it looked for a subject: kept a named one, or centred for lack of one. */
export function cropPlacement(subject: string | null, locale: Locale): string {
  if (subject === null) return locale === 'zh' ? '居中裁剪，未识别到主体' : 'centred: no main subject found';
  if (subject === 'subject') return locale === 'zh' ? '保留了主体' : 'kept the main subject in frame';
  const name = locale === 'zh' ? (cocoClass(subject)?.zh ?? subject) : subject;
  return locale === 'zh' ? `保留了${name}` : `kept the ${name} in frame`;
}

const LANCZOS_WHY: Record<LanczosReason, MessageKey> = {
  no_model: 'lanczosNoModel',
  model_failed: 'lanczosModelFailed',
  over_limit: 'lanczosOverLimit',
};

/** How an enlargement was made, for the reply: "AI super-resolution, ESRGAN slim", or "Lanczos resampling, not AI upscaling: why". */
export function upscaleMethod(note: UpscaleNote, locale: Locale): string {
  let how: string;
  if (note.method === 'esrgan') {
    const model = note.pack.replace(/^esrgan-/, '');
    how = note.resampled
      ? t('upscaleEsrganResampled', locale, { model, scale: note.modelScale })
      : t('upscaleEsrgan', locale, { model });
  } else {
    how = t('upscaleLanczos', locale, { why: t(LANCZOS_WHY[note.reason], locale) });
  }
  if (!note.capped) return how;
  return `${how}${locale === 'zh' ? '；' : '; '}${t('upscaleCapped', locale, { width: note.width, height: note.height })}`;
}

/** A done step whose cut-out was measured rough: its phrase (as in `done`) and why. */
export interface RoughStep {
  what: string;
  reasons: readonly RoughMaskReason[];
  /** The pulled pack that would do better; null when a pulled pack made the mask; absent: the IS-Net plugin. */
  pull?: string | null;
}

const ROUGH_WHY: Record<RoughMaskReason, MessageKey> = {
  background: 'roughBackground',
  partial: 'roughPartial',
  outline: 'roughOutline',
  box: 'roughBox',
};

function roughWhy(reasons: readonly RoughMaskReason[], locale: Locale): string {
  const unique = [...new Set(reasons.length > 0 ? reasons : (['outline'] as const))];
  return unique.map((r) => t(ROUGH_WHY[r], locale)).join(locale === 'zh' ? '；' : '; ');
}

/**
 * What would cut out better: the pulled packs to pull (each named once), nothing when pulled packs made every
 * rough mask, else the IS-Net plugin.
 */
function betterLine(pulls: readonly (string | null | undefined)[], locale: Locale): string[] {
  const packs = [...new Set(pulls.filter((p): p is string => typeof p === 'string'))];
  if (packs.length > 0) return [t('betterMasksPull', locale, { pack: packs.join(' ') })];
  if (pulls.length > 0 && pulls.every((p) => p === null)) return [];
  return [t('betterMasks', locale)];
}

/** "The cut-out is rough (why). For cleaner cut-outs run “npx scanline models pull …”." for a segment reply. */
export function roughNotes(reasons: readonly RoughMaskReason[], locale: Locale, pull?: string | null): string[] {
  const clause = t('roughCut', locale, { why: roughWhy(reasons, locale) });
  const sentence = locale === 'zh' ? `${clause}。` : `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
  return [sentence, ...betterLine([pull], locale)];
}

/** "the cut-out is rough (why)", or "the cut-out for “X” is rough (why)" when other steps were clean. */
function roughClause(done: readonly string[], rough: readonly RoughStep[], locale: Locale): string {
  const why = roughWhy(
    rough.flatMap((r) => r.reasons),
    locale,
  );
  if (rough.length >= done.length) return t('roughCut', locale, { why });
  return t('roughCutFor', locale, { what: rough.map((r) => r.what).join(locale === 'zh' ? '、' : ', '), why });
}

/**
 * "Done: X, Y. I can't do Z yet." in the reply's language; empty parts are
 * left out. With rough cut-outs: "Done: X, but the cut-out is rough (why)."
 * and how to get better ones, since "Done" alone would claim a clean result.
 */
export function summarizeEdits(
  done: string[],
  notDone: string[],
  locale: Locale,
  rough: readonly RoughStep[] = [],
): string[] {
  const notes: string[] = [];
  const but = rough.length > 0 && done.length > 0 ? roughClause(done, rough, locale) : undefined;
  const zh = locale === 'zh';
  const doneList = done.join(zh ? '、' : ', ');
  if (done.length > 0)
    notes.push(but ? t('editDoneBut', locale, { done: doneList, but }) : t('editDone', locale, { done: doneList }));
  if (notDone.length > 0) notes.push(t('editNotDone', locale, { what: notDone.join(zh ? '；' : '; ') }));
  if (but)
    notes.push(
      ...betterLine(
        rough.map((r) => r.pull),
        locale,
      ),
    );
  return notes;
}

/** What the reply says about an unsure detection behind a mask: a "maybe" one, or another kind standing in for `asked`. */
export function foundNote(found: NonNullable<MaskNote['found']>, asked: string, locale: Locale): string {
  const label = locale === 'zh' ? (cocoClass(found.label)?.zh ?? found.label) : found.label;
  const percent = Math.round(found.score * 100);
  if (found.standIn) return t('standIn', locale, { asked, label, percent, article: article(found.label) });
  return t('maybeFound', locale, { label, percent });
}
