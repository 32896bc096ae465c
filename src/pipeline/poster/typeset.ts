// Text blocks rendered by sharp (Pango + Noto Sans SC TTF), measured, and fitted
// into a box: shrink until it fits, breaking Chinese only between words and Latin between words.
import { breakUnits, setText, type BreakLevel } from '../../engine/index.js';
import type { PosterFont } from './fonts.js';

export interface BlockStyle {
  font: PosterFont;
  color: string;
  align: 'left' | 'centre';
  /** Baseline-to-baseline distance in em. */
  lineHeight: number;
  /** Extra space between letters in em (tracking). */
  tracking?: number;
}

export interface RenderedBlock {
  /** RGBA PNG cropped to the ink of the text, glyphs only (recoloured by the composer). */
  png: Buffer;
  /** Same size as `png`: the emoji in colour, laid over the glyphs as they are. */
  emoji?: Buffer;
  width: number;
  height: number;
  sizePx: number;
  /** Where lines were allowed to break. */
  breaks: BreakLevel;
  /** Emoji that could not be drawn and were left out. */
  dropped: string[];
  /** Emoji measured but not drawn yet (fitting renders skip them); `withEmoji` draws them. */
  undrawn: number;
  /** The wrap width the block was set at. */
  wrapWidth: number | undefined;
}

/** Noto Sans SC's own line pitch (ascent + descent) in em, measured with Pango at 72 dpi. */
const NATURAL_LINE_HEIGHT = 1.45;

/** Renders text at a size, wrapped to `maxWidth`: Latin breaks between words, CJK where `breaks` allows. */
export async function renderBlock(
  text: string,
  style: BlockStyle,
  sizePx: number,
  maxWidth?: number,
  breaks: BreakLevel = 'word',
  drawEmoji = true,
): Promise<RenderedBlock> {
  const set = await setText(text, {
    font: style.font,
    color: style.color,
    sizePx,
    align: style.align,
    wrap: 'word',
    spacing: Math.round(sizePx * (style.lineHeight - NATURAL_LINE_HEIGHT)),
    ...(style.tracking ? { tracking: style.tracking } : {}),
    ...(maxWidth !== undefined ? { width: maxWidth } : {}),
    breaks,
    drawEmoji,
  });
  return {
    png: set.png,
    ...(set.emoji ? { emoji: set.emoji } : {}),
    width: set.width,
    height: set.height,
    sizePx,
    breaks,
    dropped: set.dropped,
    undrawn: set.undrawn,
    wrapWidth: maxWidth,
  };
}

export interface FitBox {
  maxWidth: number;
  maxHeight: number;
  /** Largest and smallest glyph size tried, in pixels. */
  maxSize: number;
  minSize: number;
  /** Most lines the text may wrap to. */
  maxLines: number;
}

/** Lines a rendered block holds, from its ink height and the line pitch. */
export function lineCount(block: RenderedBlock, style: BlockStyle): number {
  const pitch = block.sizePx * style.lineHeight;
  return Math.max(1, Math.round((block.height - block.sizePx * 1.1) / pitch) + 1);
}

function fits(block: RenderedBlock, style: BlockStyle, box: FitBox): boolean {
  // Pango lets a word longer than the width overflow instead of breaking it: that is no fit.
  return block.width <= box.maxWidth && block.height <= box.maxHeight && lineCount(block, style) <= box.maxLines;
}

/** Share of the word-break size a phrase-break fit must reach to be kept: whole phrases read better. */
const PHRASE_SHARE = 0.7;

/**
 * The largest size at which the text fits the box, breaking CJK lines only between
 * phrases when that costs little size, else only between words.
 */
export async function fitBlock(text: string, style: BlockStyle, box: FitBox): Promise<RenderedBlock> {
  const phrases = breakUnits(text, 'phrase').length;
  const wordsToo = breakUnits(text, 'word').length > phrases;
  const phrase = await fitAt(text, style, box, 'phrase');
  if (!wordsToo) return withEmoji(text, style, phrase);
  const word = await fitAt(text, style, box, 'word');
  const best = fits(phrase, style, box) && phrase.sizePx >= word.sizePx * PHRASE_SHARE ? phrase : word;
  return withEmoji(text, style, best);
}

/** The block again with its emoji drawn, when fitting left them out. */
async function withEmoji(text: string, style: BlockStyle, block: RenderedBlock): Promise<RenderedBlock> {
  if (block.undrawn === 0) return block;
  return renderBlock(text, style, block.sizePx, block.wrapWidth, block.breaks, true);
}

/**
 * The largest size (binary search on whole pixels) at which the text fits the box;
 * at `minSize` the text is returned even when it still overflows, so callers can shrink the rest.
 */
async function fitAt(text: string, style: BlockStyle, box: FitBox, breaks: BreakLevel): Promise<RenderedBlock> {
  let lo = Math.max(1, Math.floor(box.minSize));
  let hi = Math.max(lo, Math.floor(box.maxSize));
  let best = await renderBlock(text, style, hi, box.maxWidth, breaks, false);
  if (fits(best, style, box)) return balance(text, style, best, box);
  best = await renderBlock(text, style, lo, box.maxWidth, breaks, false);
  if (!fits(best, style, box)) return best;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const tried = await renderBlock(text, style, mid, box.maxWidth, breaks, false);
    if (fits(tried, style, box)) {
      lo = mid;
      best = tried;
    } else {
      hi = mid;
    }
  }
  return balance(text, style, best, box);
}

/**
 * Evens out wrapped lines (no lonely last word or character): the narrowest width
 * that keeps the same number of lines, found by bisection.
 */
async function balance(text: string, style: BlockStyle, block: RenderedBlock, box: FitBox): Promise<RenderedBlock> {
  const lines = lineCount(block, style);
  if (lines < 2) return block;
  let best = block;
  let lo = block.width / lines;
  let hi = Math.min(box.maxWidth, block.width);
  for (let i = 0; i < 6 && hi - lo > block.sizePx * 0.25; i += 1) {
    const mid = (lo + hi) / 2;
    const tried = await renderBlock(text, style, block.sizePx, mid, block.breaks, false);
    if (tried.width <= mid && lineCount(tried, style) === lines) {
      best = tried;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}
