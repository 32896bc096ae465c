// Text blocks rendered by sharp (Pango + Noto Sans SC TTF), measured, and fitted
// into a box: shrink until it fits, wrapping CJK per character and Latin per word.
import sharp from 'sharp';
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
  /** RGBA PNG cropped to the ink of the text. */
  png: Buffer;
  width: number;
  height: number;
  sizePx: number;
}

/** Noto Sans SC's own line pitch (ascent + descent) in em, measured with Pango at 72 dpi. */
const NATURAL_LINE_HEIGHT = 1.45;

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders text at a size, wrapped to `maxWidth` (Pango "word": Latin breaks between words, CJK between characters). */
export async function renderBlock(
  text: string,
  style: BlockStyle,
  sizePx: number,
  maxWidth?: number,
): Promise<RenderedBlock> {
  const tracking = style.tracking ? ` letter_spacing="${Math.round(style.tracking * sizePx * 1024)}"` : '';
  // Pango sizes are in 1/1024 pt; at 72 dpi one pt is one pixel.
  const markup = `<span foreground="${style.color}" size="${Math.round(sizePx * 1024)}"${tracking}>${escapeMarkup(text)}</span>`;
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: style.font.description,
      fontfile: style.font.file,
      dpi: 72,
      rgba: true,
      align: style.align === 'left' ? 'left' : 'centre',
      wrap: 'word',
      spacing: Math.round(sizePx * (style.lineHeight - NATURAL_LINE_HEIGHT)),
      ...(maxWidth !== undefined ? { width: Math.max(1, Math.floor(maxWidth)) } : {}),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height, sizePx };
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

/**
 * The largest size (binary search on whole pixels) at which the text fits the box;
 * at `minSize` the text is returned even when it still overflows, so callers can shrink the rest.
 */
export async function fitBlock(text: string, style: BlockStyle, box: FitBox): Promise<RenderedBlock> {
  let lo = Math.max(1, Math.floor(box.minSize));
  let hi = Math.max(lo, Math.floor(box.maxSize));
  let best = await renderBlock(text, style, hi, box.maxWidth);
  if (fits(best, style, box)) return balance(text, style, best, box);
  best = await renderBlock(text, style, lo, box.maxWidth);
  if (!fits(best, style, box)) return best;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const tried = await renderBlock(text, style, mid, box.maxWidth);
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
    const tried = await renderBlock(text, style, block.sizePx, mid);
    if (tried.width <= mid && lineCount(tried, style) === lines) {
      best = tried;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}
