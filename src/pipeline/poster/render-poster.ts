// Lays the set text over a background with measured contrast: each block takes the
// first colour that reads at WCAG 4.5:1 on its own patch of background, and a panel
// goes behind the text when no colour does or a generated background is busy.
import sharp, { type OverlayOptions } from 'sharp';
import type { RawImage } from '../../engine/index.js';
import { fromSharp, toSharp } from '../../engine/index.js';
import { MIN_CONTRAST, contrastRatio, luminance, luminancesIn, parseHex, worstContrast, type Box } from './contrast.js';
import { unionBox, type PlacedBlock, type PosterLayout } from './layout.js';
import type { Palette } from './palettes.js';

export interface PlacedText {
  role: PlacedBlock['role'];
  text: string;
  box: Box;
  color: string;
  /** WCAG contrast of the colour against the block's background (2nd percentile), measured. */
  contrast: number;
}

export interface PosterImage {
  image: RawImage;
  texts: PlacedText[];
  /** Panels laid behind text, when the background needed them. */
  panels: Box[];
}

/** Luminance spread (standard deviation, 0-1) above which a generated background counts as busy behind text. */
const BUSY_SPREAD = 0.09;
/** Panel opacities tried in turn until every block on it reads. */
const PANEL_OPACITIES = [0.78, 0.88, 1] as const;

function grow(box: Box, by: number, canvas: { width: number; height: number }): Box {
  const left = Math.max(0, Math.floor(box.left - by));
  const top = Math.max(0, Math.floor(box.top - by));
  const right = Math.min(canvas.width, Math.ceil(box.left + box.width + by));
  const bottom = Math.min(canvas.height, Math.ceil(box.top + box.height + by));
  return { left, top, width: right - left, height: bottom - top };
}

function spread(sorted: Float64Array): number {
  if (sorted.length === 0) return 0;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / sorted.length;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  return Math.sqrt(sq / sorted.length);
}

interface Choice {
  color: string;
  contrast: number;
}

/** The first of the candidate colours that reads on this background patch, else the best one. */
function chooseColor(background: RawImage, box: Box, candidates: string[]): Choice {
  const lums = luminancesIn(background, box);
  let best: Choice = { color: candidates[0] as string, contrast: 0 };
  for (const color of candidates) {
    const contrast = worstContrast(parseHex(color), lums);
    if (contrast >= MIN_CONTRAST) return { color, contrast };
    if (contrast > best.contrast) best = { color, contrast };
  }
  return best;
}

function candidatesFor(block: PlacedBlock, palette: Palette): string[] {
  return [...new Set([block.style.color, palette.headline, palette.body, '#ffffff', '#111111'])];
}

/** Same glyphs, another colour: the rendered alpha is kept, the colour replaced. */
async function recolor(block: PlacedBlock, color: string): Promise<Buffer> {
  const { png, width, height } = block.rendered;
  if (color === block.style.color) return png;
  const alpha = await sharp(png).extractChannel(3).raw().toBuffer();
  const [r, g, b] = parseHex(color);
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

function roundedRect(box: Box, color: string, opacity: number, radius: number): OverlayOptions {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}"><rect width="${box.width}" height="${box.height}" rx="${radius}" ry="${radius}" fill="${color}" fill-opacity="${opacity}"/></svg>`;
  return { input: Buffer.from(svg), left: box.left, top: box.top };
}

/** Text sits on a dark panel when its designed colour is light, on a light one otherwise; palette tones when they read. */
function panelColor(blocks: PlacedBlock[], palette: Palette): string {
  const text = parseHex(blocks[0]?.style.color ?? palette.headline);
  const [a, b] = palette.background.map((c) => ({ c, l: luminance(parseHex(c)) })).sort((x, y) => x.l - y.l) as [
    { c: string; l: number },
    { c: string; l: number },
  ];
  const lightText = luminance(text) > 0.4;
  const tone = lightText ? a.c : b.c;
  if (contrastRatio(text, parseHex(tone)) >= MIN_CONTRAST + 1) return tone;
  return lightText ? '#101014' : '#fafaf7';
}

/** Clusters that share a panel: the headline group, and the pinned details at the foot. */
function clusters(layout: PosterLayout): PlacedBlock[][] {
  const group = layout.blocks.filter((b) => !b.pinned);
  const feet = layout.blocks.filter((b) => b.pinned);
  return [group, feet].filter((c) => c.length > 0);
}

/**
 * Puts the text of a layout on a background: colours chosen by measured contrast,
 * panels where needed (always checked when `busyCheck` is set, for generated images).
 */
export async function composePoster(
  layout: PosterLayout,
  palette: Palette,
  background: RawImage,
  opts: { busyCheck: boolean },
): Promise<PosterImage> {
  const { canvas } = layout;
  let base = background;
  const panels: Box[] = [];
  const radius = Math.round(layout.margin * 0.25);
  for (const cluster of clusters(layout)) {
    const pad = Math.max(layout.margin * 0.45, (cluster[1] ?? cluster[0])!.rendered.sizePx * 0.8);
    const area = grow(unionBox(cluster.map((b) => b.box)), pad, canvas);
    const readable = cluster.every(
      (b) =>
        chooseColor(base, grow(b.box, b.rendered.sizePx * 0.15, canvas), candidatesFor(b, palette)).contrast >=
        MIN_CONTRAST,
    );
    const busy = opts.busyCheck && spread(luminancesIn(base, area)) > BUSY_SPREAD;
    if (readable && !busy) continue;
    const color = panelColor(cluster, palette);
    let panelled = base;
    for (const opacity of PANEL_OPACITIES) {
      panelled = await fromSharp(toSharp(base).composite([roundedRect(area, color, opacity, radius)]), 3);
      const ok = cluster.every(
        (b) =>
          chooseColor(panelled, grow(b.box, b.rendered.sizePx * 0.15, canvas), candidatesFor(b, palette)).contrast >=
          MIN_CONTRAST,
      );
      if (ok) break;
    }
    base = panelled;
    panels.push(area);
  }

  const texts: PlacedText[] = [];
  const overlays: OverlayOptions[] = [];
  if (layout.rule) {
    const r = layout.rule;
    overlays.push({
      input: Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${r.width}" height="${r.height}"><rect width="${r.width}" height="${r.height}" rx="${r.height / 2}" fill="${palette.accent}"/></svg>`,
      ),
      left: r.left,
      top: r.top,
    });
  }
  for (const block of layout.blocks) {
    const choice = chooseColor(
      base,
      grow(block.box, block.rendered.sizePx * 0.15, canvas),
      candidatesFor(block, palette),
    );
    overlays.push({ input: await recolor(block, choice.color), left: block.box.left, top: block.box.top });
    // Emoji keep their own colours: laid over the recoloured glyphs.
    if (block.rendered.emoji) overlays.push({ input: block.rendered.emoji, left: block.box.left, top: block.box.top });
    texts.push({ role: block.role, text: block.text, box: block.box, color: choice.color, contrast: choice.contrast });
  }
  const image = await fromSharp(toSharp(base).composite(overlays), 3);
  return { image, texts, panels };
}
