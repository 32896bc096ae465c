// Several pictures made into one: side by side, stacked, a grid, or a
// labelled before/after pair. Sizes are matched by scaling (aspect kept), and
// the result stays inside the edit output limits.
import sharp, { type OverlayOptions } from 'sharp';
import type { CombineLayout } from '../../../common/edit-step.js';
import { parseColor } from '../../../common/colors.js';
import { fromSharp, toSharp, type RawImage } from '../raw.js';
import { CAPTION_FONT_FILE } from './caption.js';
import { MAX_OUTPUT_PIXELS, MAX_OUTPUT_SIDE } from './resize.js';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Layout {
  width: number;
  height: number;
  /** Where each image goes, in input order, aspect kept. */
  cells: Rect[];
}

/** Space between pictures per 1000 px of the matched height (or width): a thin line at any size. */
export const DEFAULT_GAP = 12;

/** Images are matched to the smallest one (no blurry enlarging), but not below this unless all are smaller. */
const MIN_MATCHED_SIDE = 512;

function matched(sides: number[]): number {
  const smallest = Math.min(...sides);
  return Math.max(smallest, Math.min(Math.max(...sides), MIN_MATCHED_SIDE));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every image of one row (or column) scaled to the same height (or width), with gaps. */
function strip(sizes: { width: number; height: number }[], vertical: boolean, gapPer1000: number): Layout {
  const across = (s: { width: number; height: number }) => (vertical ? s.width : s.height);
  const along = (s: { width: number; height: number }) => (vertical ? s.height : s.width);
  const side = matched(sizes.map(across));
  const gap = Math.round((gapPer1000 * side) / 1000);
  const cells: Rect[] = [];
  let at = 0;
  for (const s of sizes) {
    const length = Math.max(1, Math.round((along(s) * side) / across(s)));
    cells.push(
      vertical ? { left: 0, top: at, width: side, height: length } : { left: at, top: 0, width: length, height: side },
    );
    at += length + gap;
  }
  const total = at - gap;
  return vertical ? { width: side, height: total, cells } : { width: total, height: side, cells };
}

/** Uniform cells (the median aspect), each picture fitted inside and centred; a short last row is centred. */
function grid(sizes: { width: number; height: number }[], gapPer1000: number): Layout {
  const n = sizes.length;
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const cellH = matched(sizes.map((s) => s.height));
  const cellW = Math.max(1, Math.round(cellH * median(sizes.map((s) => s.width / s.height))));
  const gap = Math.round((gapPer1000 * cellH) / 1000);
  const cells = sizes.map((s, i) => {
    const row = Math.floor(i / cols);
    const inRow = row === rows - 1 ? n - row * cols : cols;
    const offset = ((cols - inRow) * (cellW + gap)) / 2;
    const k = Math.min(cellW / s.width, cellH / s.height);
    const width = Math.max(1, Math.round(s.width * k));
    const height = Math.max(1, Math.round(s.height * k));
    return {
      left: Math.round(offset + (i % cols) * (cellW + gap) + (cellW - width) / 2),
      top: row * (cellH + gap) + Math.round((cellH - height) / 2),
      width,
      height,
    };
  });
  return { width: cols * cellW + (cols - 1) * gap, height: rows * cellH + (rows - 1) * gap, cells };
}

/** Shrinks a layout to the output limits (long side, megapixels); never enlarges. */
function bounded(layout: Layout): Layout {
  const { width, height } = layout;
  const k = Math.min(1, MAX_OUTPUT_SIDE / Math.max(width, height), Math.sqrt(MAX_OUTPUT_PIXELS / (width * height)));
  if (k >= 1) return layout;
  const s = (v: number) => Math.floor(v * k);
  return {
    width: Math.max(1, s(width)),
    height: Math.max(1, s(height)),
    cells: layout.cells.map((c) => ({
      left: s(c.left),
      top: s(c.top),
      width: Math.max(1, s(c.width)),
      height: Math.max(1, s(c.height)),
    })),
  };
}

/** Where each picture goes for a layout, within the output limits. */
export function combineLayout(
  sizes: { width: number; height: number }[],
  layout: CombineLayout,
  gapPer1000 = DEFAULT_GAP,
): Layout {
  if (sizes.length === 0) throw new RangeError('combine needs at least one image');
  const gap = Math.max(0, gapPer1000);
  if (layout === 'grid') return bounded(grid(sizes, gap));
  return bounded(strip(sizes, layout === 'stack', gap));
}

async function rawOverlay(image: RawImage, cell: Rect): Promise<OverlayOptions> {
  const fitted =
    image.width === cell.width && image.height === cell.height
      ? image
      : await fromSharp(
          toSharp(image).resize(cell.width, cell.height, { fit: 'fill', kernel: 'lanczos3' }),
          image.channels,
        );
  return {
    input: Buffer.from(fitted.data.buffer, fitted.data.byteOffset, fitted.data.byteLength),
    raw: { width: fitted.width, height: fitted.height, channels: fitted.channels },
    left: cell.left,
    top: cell.top,
  };
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A small white label on a rounded dark box for the top-left corner of a cell. */
async function labelOverlays(text: string, cell: Rect): Promise<OverlayOptions[]> {
  const fontPx = Math.max(11, Math.min(72, Math.round(Math.min(cell.width, cell.height) * 0.045)));
  const pad = Math.round(fontPx * 0.4);
  const rendered = await sharp({
    text: {
      // Pango sizes are in 1/1024 pt; at 72 dpi one pt is one pixel.
      text: `<span foreground="#ffffff" size="${fontPx * 1024}">${escapeMarkup(text)}</span>`,
      font: 'Noto Sans SC Bold',
      fontfile: CAPTION_FONT_FILE,
      dpi: 72,
      rgba: true,
      width: Math.max(1, cell.width - 4 * pad),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  const boxW = Math.min(cell.width, rendered.info.width + 2 * pad);
  const boxH = Math.min(cell.height, rendered.info.height + 2 * pad);
  if (rendered.info.width > boxW || rendered.info.height > boxH) return [];
  const margin = Math.round(fontPx * 0.6);
  const left = cell.left + Math.min(margin, cell.width - boxW);
  const top = cell.top + Math.min(margin, cell.height - boxH);
  const radius = Math.round(boxH * 0.25);
  const box = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${boxW}" height="${boxH}"><rect width="${boxW}" height="${boxH}" rx="${radius}" ry="${radius}" fill="#000000" fill-opacity="0.6"/></svg>`,
  );
  return [
    { input: box, left, top },
    { input: rendered.data, left: left + pad, top: top + Math.floor((boxH - rendered.info.height) / 2) },
  ];
}

/** Draws the pictures at their cells on a canvas of `background` (default white), with optional corner labels. */
export async function combine(
  images: RawImage[],
  layout: CombineLayout,
  opts: { gap?: number; background?: string; labels?: string[] } = {},
): Promise<RawImage> {
  const placed = combineLayout(images, layout, opts.gap ?? DEFAULT_GAP);
  const c = parseColor(opts.background ?? 'white') ?? { r: 255, g: 255, b: 255 };
  const overlays: OverlayOptions[] = [];
  for (const [i, image] of images.entries()) overlays.push(await rawOverlay(image, placed.cells[i]!));
  for (const [i, text] of (opts.labels ?? []).entries()) {
    const cell = placed.cells[i];
    if (cell && text.trim()) overlays.push(...(await labelOverlays(text.trim(), cell)));
  }
  const canvas = sharp({
    create: { width: placed.width, height: placed.height, channels: 3, background: c },
  }).composite(overlays);
  return fromSharp(canvas, 3);
}

export const BEFORE_AFTER_LABELS: Record<'en' | 'zh', [string, string]> = {
  en: ['Before', 'After'],
  zh: ['之前', '之后'],
};

/** The two pictures side by side (or stacked), labelled "Before" / "After" in their top-left corners. */
export function beforeAfter(
  before: RawImage,
  after: RawImage,
  opts: { layout?: 'side-by-side' | 'stack'; labels?: [string, string] } = {},
): Promise<RawImage> {
  return combine([before, after], opts.layout ?? 'side-by-side', { labels: opts.labels ?? BEFORE_AFTER_LABELS.en });
}
