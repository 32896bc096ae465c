// Poster geometry: canvas size from the aspect ratio, margins, alignment by shape,
// a type scale with a clear hierarchy, and where each block of text goes.
import type { AspectRatio } from '../types.js';
import type { Box } from './contrast.js';
import { posterFont } from './fonts.js';
import type { Palette } from './palettes.js';
import type { PosterLines } from './poster-text.js';
import { fitBlock, type BlockStyle, type RenderedBlock } from './typeset.js';

export const DEFAULT_ASPECT: AspectRatio = { w: 3, h: 4 };
export const DEFAULT_LONG_SIDE = 1600;
const MIN_LONG_SIDE = 640;
const MAX_LONG_SIDE = 2400;
const MIN_RATIO = 1 / 3;
const MAX_RATIO = 4;

export interface Canvas {
  width: number;
  height: number;
}

export type Orientation = 'tall' | 'square' | 'wide';

/** Width and height for an aspect ratio (kept within 1:3..4:1) and a long side (kept within 640..2400). */
export function canvasSize(aspect: AspectRatio = DEFAULT_ASPECT, longSide = DEFAULT_LONG_SIDE): Canvas {
  const ratio = Math.min(MAX_RATIO, Math.max(MIN_RATIO, aspect.w / aspect.h));
  const long = Math.round(Math.min(MAX_LONG_SIDE, Math.max(MIN_LONG_SIDE, longSide)));
  return ratio >= 1
    ? { width: long, height: Math.round(long / ratio) }
    : { width: Math.round(long * ratio), height: long };
}

export function orientationOf(canvas: Canvas): Orientation {
  const ratio = canvas.width / canvas.height;
  if (ratio < 0.87) return 'tall';
  if (ratio > 1.2) return 'wide';
  return 'square';
}

export type BlockRole = 'headline' | 'subtitle' | 'detail';

export interface PlacedBlock {
  role: BlockRole;
  text: string;
  style: BlockStyle;
  rendered: RenderedBlock;
  box: Box;
  /** Details pinned to the foot of the poster, apart from the headline group. */
  pinned: boolean;
}

export interface PosterLayout {
  canvas: Canvas;
  orientation: Orientation;
  margin: number;
  align: 'left' | 'centre';
  blocks: PlacedBlock[];
  /** The short accent bar between headline and sub-lines. */
  rule: Box | undefined;
  /** Everything the text covers, for panels and for keeping shapes away. */
  textBox: Box;
  /** Emoji that could not be drawn and were left out, in reading order. */
  droppedEmoji: string[];
}

/** Shares of the usable height the headline may take, by orientation. */
const HEADLINE_HEIGHT_SHARE: Record<Orientation, number> = { tall: 0.42, square: 0.42, wide: 0.5 };
/** Share of the width the text column takes: wide posters leave the right side to the artwork. */
const COLUMN_SHARE: Record<Orientation, number> = { tall: 1, square: 1, wide: 0.64 };
/** A one-line headline is kept when it is at least this share of the largest size. */
const ONE_LINE_SHARE = 0.6;
const NARROW_ONE_LINE_SHARE = 0.8;
/** Type scale: sub-lines and details relative to the headline. */
const SUBTITLE_SCALE = 0.36;
const DETAIL_SCALE = 0.24;
/** Where the middle of the headline group sits, as a share of the height (tall and square posters). */
const GROUP_CENTRE: Record<Orientation, number> = { tall: 0.58, square: 0.5, wide: 0.5 };

function marginFor(canvas: Canvas): number {
  const short = Math.min(canvas.width, canvas.height);
  const long = Math.max(canvas.width, canvas.height);
  return Math.round(0.06 * short + 0.025 * long);
}

interface Fitted {
  role: BlockRole;
  text: string;
  style: BlockStyle;
  rendered: RenderedBlock;
}

async function setGroup(
  lines: PosterLines,
  palette: Palette,
  align: 'left' | 'centre',
  column: number,
  usableHeight: number,
  headlineMax: number,
  long: number,
  orientation: Orientation,
): Promise<Fitted[]> {
  const out: Fitted[] = [];
  const latinOnly = !/[\p{Script=Han}]/u.test(lines.headline);
  const headStyle: BlockStyle = {
    font: posterFont('black'),
    color: palette.headline,
    align,
    lineHeight: latinOnly ? 1.08 : 1.18,
    tracking: latinOnly ? -0.01 : 0.02,
  };
  const headBox = {
    maxWidth: column,
    maxHeight: usableHeight * HEADLINE_HEIGHT_SHARE[orientation],
    maxSize: headlineMax,
    minSize: long * 0.022,
  };
  // One line reads best (no word cut in two) unless that makes the headline much smaller.
  let head = await fitBlock(lines.headline, headStyle, { ...headBox, maxLines: 1 });
  // Narrow posters have room for height, not width: there a stacked headline wins sooner.
  const share = orientation === 'tall' && column < usableHeight * 0.4 ? NARROW_ONE_LINE_SHARE : ONE_LINE_SHARE;
  if (head.sizePx < headlineMax * share || head.width > column) {
    head = await fitBlock(lines.headline, headStyle, { ...headBox, maxLines: orientation === 'wide' ? 2 : 5 });
  }
  out.push({ role: 'headline', text: lines.headline, style: headStyle, rendered: head });
  const subStyle: BlockStyle = {
    font: posterFont('medium'),
    color: palette.body,
    align,
    lineHeight: 1.3,
    tracking: 0.01,
  };
  for (const text of lines.subtitles) {
    const rendered = await fitBlock(text, subStyle, {
      maxWidth: column,
      maxHeight: usableHeight * 0.2,
      maxSize: Math.max(long * 0.016, head.sizePx * SUBTITLE_SCALE),
      minSize: long * 0.014,
      maxLines: 3,
    });
    out.push({ role: 'subtitle', text, style: subStyle, rendered });
  }
  const detailStyle: BlockStyle = {
    font: posterFont('bold'),
    color: palette.body,
    align,
    lineHeight: 1.35,
    tracking: 0.06,
  };
  for (const text of lines.details) {
    const rendered = await fitBlock(text, detailStyle, {
      maxWidth: column,
      maxHeight: usableHeight * 0.14,
      maxSize: Math.max(long * 0.013, head.sizePx * DETAIL_SCALE),
      minSize: long * 0.012,
      maxLines: 2,
    });
    out.push({ role: 'detail', text, style: detailStyle, rendered });
  }
  return out;
}

/** Vertical gaps: after the headline (room for the accent bar), between sub-lines, before details. */
function gapAfter(prev: Fitted, next: Fitted): number {
  if (prev.role === 'headline') return prev.rendered.sizePx * 0.42;
  if (prev.role === next.role) return next.rendered.sizePx * 0.55;
  return prev.rendered.sizePx * 1.1;
}

function stackHeight(blocks: Fitted[]): number {
  let h = 0;
  blocks.forEach((b, i) => {
    h += b.rendered.height + (i > 0 ? gapAfter(blocks[i - 1]!, b) : 0);
  });
  return h;
}

/**
 * Sets the text: fits the headline as large as the column and its share of the height
 * allow, scales the other lines from it, and shrinks everything until the stack fits.
 */
export async function layoutPoster(canvas: Canvas, lines: PosterLines, palette: Palette): Promise<PosterLayout> {
  const orientation = orientationOf(canvas);
  const align = orientation === 'wide' ? 'left' : 'centre';
  const margin = marginFor(canvas);
  const long = Math.max(canvas.width, canvas.height);
  const column = Math.floor((canvas.width - 2 * margin) * COLUMN_SHARE[orientation]);
  const usableHeight = canvas.height - 2 * margin;
  // Details sit at the foot of tall and square posters, under the headline group of wide ones.
  const pinDetails = orientation !== 'wide' && lines.details.length > 0;

  let headlineMax = Math.min(column * 0.3, usableHeight * 0.3);
  let fitted: Fitted[] = [];
  for (let attempt = 0; attempt < 8; attempt += 1) {
    fitted = await setGroup(lines, palette, align, column, usableHeight, headlineMax, long, orientation);
    const group = fitted.filter((b) => !pinDetails || b.role !== 'detail');
    const feet = fitted.filter((b) => pinDetails && b.role === 'detail');
    const footHeight = feet.length > 0 ? stackHeight(feet) + (feet[0]?.rendered.sizePx ?? 0) * 2 : 0;
    if (stackHeight(group) + footHeight <= usableHeight) break;
    headlineMax = fitted[0]!.rendered.sizePx * 0.85;
  }

  const group = fitted.filter((b) => !pinDetails || b.role !== 'detail');
  const feet = fitted.filter((b) => pinDetails && b.role === 'detail');
  const xFor = (w: number): number => (align === 'left' ? margin : Math.round((canvas.width - w) / 2));
  const blocks: PlacedBlock[] = [];
  const footHeight = stackHeight(feet);
  const footTop = canvas.height - margin - footHeight;
  const groupHeight = stackHeight(group);
  const groupRoom = {
    top: margin,
    bottom: feet.length > 0 ? footTop - (feet[0]?.rendered.sizePx ?? 0) * 2 : canvas.height - margin,
  };
  let y = Math.round(canvas.height * GROUP_CENTRE[orientation] - groupHeight / 2);
  y = Math.max(groupRoom.top, Math.min(y, groupRoom.bottom - groupHeight));
  let rule: Box | undefined;
  group.forEach((b, i) => {
    if (i > 0) {
      const gap = gapAfter(group[i - 1]!, b);
      if (group[i - 1]!.role === 'headline') {
        const head = group[i - 1]!.rendered;
        const thickness = Math.max(3, Math.round(head.sizePx * 0.06));
        const width = Math.round(Math.max(head.sizePx * 0.9, b.rendered.sizePx * 2.4));
        rule = { left: xFor(width), top: Math.round(y + gap / 2 - thickness / 2), width, height: thickness };
      }
      y += gap;
    }
    blocks.push({
      ...b,
      pinned: false,
      box: { left: xFor(b.rendered.width), top: Math.round(y), width: b.rendered.width, height: b.rendered.height },
    });
    y += b.rendered.height;
  });
  let fy = footTop;
  feet.forEach((b, i) => {
    if (i > 0) fy += gapAfter(feet[i - 1]!, b);
    blocks.push({
      ...b,
      pinned: true,
      box: { left: xFor(b.rendered.width), top: Math.round(fy), width: b.rendered.width, height: b.rendered.height },
    });
    fy += b.rendered.height;
  });
  const droppedEmoji = fitted.flatMap((b) => b.rendered.dropped);
  return {
    canvas,
    orientation,
    margin,
    align,
    blocks,
    rule,
    textBox: unionBox(blocks.map((b) => b.box)),
    droppedEmoji,
  };
}

export function unionBox(boxes: Box[]): Box {
  if (boxes.length === 0) return { left: 0, top: 0, width: 0, height: 0 };
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.left + b.width));
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  return { left, top, width: right - left, height: bottom - top };
}
