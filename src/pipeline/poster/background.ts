// Poster backgrounds: a plain designed one (gradient and geometric shapes from the
// palette, kept clear of the text) or a generated image fitted and tinted to the palette.
import sharp from 'sharp';
import type { RawImage } from '../../engine/types.js';
import { fromSharp, noiseSource, toSharp } from '../../engine/edit/raw.js';
import type { Box } from './contrast.js';
import type { Canvas, Orientation } from './layout.js';
import type { Palette } from './palettes.js';

export interface BackgroundPlan {
  canvas: Canvas;
  orientation: Orientation;
  margin: number;
  /** What the text covers: shapes stay out of it. */
  textBox: Box;
  palette: Palette;
  /** Picks one of the compositions, so a reroll gives another design. */
  seed: number;
}

const COMPOSITIONS = 3;

interface Circle {
  cx: number;
  cy: number;
  r: number;
}

/** The largest circle centred at (cx, cy), at most `r`, that stays `gap` away from the box. */
function clearOf(c: Circle, box: Box, gap: number): Circle {
  const nx = Math.max(box.left, Math.min(c.cx, box.left + box.width));
  const ny = Math.max(box.top, Math.min(c.cy, box.top + box.height));
  const distance = Math.hypot(c.cx - nx, c.cy - ny);
  return { ...c, r: Math.max(0, Math.min(c.r, distance - gap)) };
}

/** The free area beside the text where the main shape goes. */
function freeCentre(plan: BackgroundPlan): { cx: number; cy: number; room: number } {
  const { canvas, textBox, orientation, margin } = plan;
  if (orientation === 'wide') {
    const left = textBox.left + textBox.width;
    return { cx: (left + canvas.width) / 2 + margin * 0.5, cy: canvas.height / 2, room: canvas.width - left };
  }
  const above = textBox.top;
  const below = canvas.height - (textBox.top + textBox.height);
  if (above >= below) return { cx: canvas.width * 0.55, cy: above / 2, room: above };
  return { cx: canvas.width * 0.45, cy: canvas.height - below / 2, room: below };
}

const f = (v: number): string => v.toFixed(1);

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** A corner square of `size` that stays off the text: bottom-left, top-right, bottom-right, then top-left. */
function freeCorner(plan: BackgroundPlan, size: number): Box {
  const { width: W, height: H } = plan.canvas;
  const inset = plan.margin * 0.6;
  const corners: Box[] = [
    { left: inset, top: H - inset - size, width: size, height: size },
    { left: W - inset - size, top: inset, width: size, height: size },
    { left: W - inset - size, top: H - inset - size, width: size, height: size },
    { left: inset, top: inset, width: size, height: size },
  ];
  return corners.find((c) => !overlaps(c, plan.textBox)) ?? (corners[1] as Box);
}

function circleSvg(c: Circle, attrs: string): string {
  return c.r >= 2 ? `<circle cx="${f(c.cx)}" cy="${f(c.cy)}" r="${f(c.r)}" ${attrs}/>` : '';
}

function dotGrid(x: number, y: number, cols: number, rows: number, step: number, r: number, colour: string): string {
  let out = '';
  for (let j = 0; j < rows; j += 1) {
    for (let i = 0; i < cols; i += 1) out += `<circle cx="${f(x + i * step)}" cy="${f(y + j * step)}" r="${f(r)}"/>`;
  }
  return `<g fill="${colour}" opacity="0.55">${out}</g>`;
}

/** Distance between the centres of neighbouring stripes, in band widths (measured along x). */
const STRIPE_STEP = 1.6;

/**
 * How far to move the three stripes (drawn at 45°, down-left to up-right,
 * centred on `centre`) along their normal (1, 1)/√2 so that none of them comes
 * within `gap` of the text box. 0 when they already miss it.
 */
export function stripeShift(centre: { cx: number; cy: number }, box: Box, gap: number, band: number): number {
  const along = (x: number, y: number) => (x - centre.cx + (y - centre.cy)) / Math.SQRT2;
  const [x1, y1, x2, y2] = [box.left - gap, box.top - gap, box.left + box.width + gap, box.top + box.height + gap];
  const ds = [along(x1, y1), along(x2, y1), along(x1, y2), along(x2, y2)];
  const [lo, hi] = [Math.min(...ds), Math.max(...ds)];
  // The bands cover this far on each side of their middle line.
  const half = (STRIPE_STEP * band) / Math.SQRT2 + band / 2;
  if (hi < -half || lo > half) return 0;
  // Away from the text: to whichever side of it the free centre lies.
  const middle = (lo + hi) / 2;
  return middle <= 0 ? hi + half : lo - half;
}

/** The SVG of a plain designed background. */
export function plainBackgroundSvg(plan: BackgroundPlan): string {
  const { canvas, palette, margin, textBox } = plan;
  const { width: W, height: H } = canvas;
  const short = Math.min(W, H);
  const random = noiseSource((plan.seed >>> 0) + 1);
  const variant = Math.abs(Math.trunc(plan.seed)) % COMPOSITIONS;
  const [s0, s1, s2] = [palette.shapes[0], palette.shapes[1] ?? palette.shapes[0], palette.shapes[2] ?? palette.accent];
  const gap = margin * 0.45;
  const free = freeCentre(plan);
  const parts: string[] = [];
  const angle = random() < 0.5 ? 'x1="0" y1="0" x2="1" y2="1"' : 'x1="1" y1="0" x2="0" y2="1"';
  parts.push(
    `<defs><linearGradient id="bg" ${angle}><stop offset="0" stop-color="${palette.background[0]}"/><stop offset="1" stop-color="${palette.background[1]}"/></linearGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  );
  const mainR = Math.max(short * 0.12, Math.min(short * 0.42, free.room * 0.46));
  // The ring around the main disc is 1.22 times its radius: both stay clear of the text.
  const ring = clearOf({ cx: free.cx, cy: free.cy, r: mainR * 1.22 }, textBox, gap);
  const main = { ...ring, r: ring.r / 1.22 };
  if (variant === 0) {
    // A sun with a ring and a dot grid.
    parts.push(circleSvg(main, `fill="${s0}"`));
    parts.push(circleSvg(ring, `fill="none" stroke="${s1}" stroke-width="${f(short * 0.012)}"`));
    const step = short * 0.035;
    const corner = freeCorner(plan, step * 4);
    parts.push(dotGrid(corner.left, corner.top, 5, 5, step, step * 0.16, s2));
  } else if (variant === 1) {
    // Bauhaus corners: a quarter circle, a half disc and a bar.
    const q = clearOf({ cx: 0, cy: H, r: short * 0.5 }, textBox, gap);
    parts.push(circleSvg(q, `fill="${s0}"`));
    const half = clearOf({ cx: W, cy: 0, r: short * 0.34 }, textBox, gap);
    parts.push(circleSvg(half, `fill="${s1}"`));
    parts.push(
      circleSvg(
        { cx: main.cx, cy: main.cy, r: main.r * 0.55 },
        `fill="none" stroke="${s2}" stroke-width="${f(short * 0.02)}"`,
      ),
    );
  } else {
    // Three diagonal bands across the free side, moved clear of the text as a whole (never cut by it).
    const band = short * 0.09;
    const shift = stripeShift(free, textBox, gap, band);
    const [cx, cy] = [free.cx + shift / Math.SQRT2, free.cy + shift / Math.SQRT2];
    const colours = [s0, s1, s2];
    for (let i = 0; i < 3; i += 1) {
      const off = (i - 1) * band * STRIPE_STEP;
      parts.push(
        `<line x1="${f(cx - short + off)}" y1="${f(cy + short)}" x2="${f(cx + short + off)}" y2="${f(cy - short)}" stroke="${colours[i]}" stroke-width="${f(band)}" stroke-linecap="round"/>`,
      );
    }
    parts.push(circleSvg({ ...main, r: main.r * 0.32 }, `fill="${s1}"`));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}

export async function plainBackground(plan: BackgroundPlan): Promise<RawImage> {
  return fromSharp(sharp(Buffer.from(plainBackgroundSvg(plan))), 3);
}

/** Share of the palette's colour laid over a generated image, so text colours and the picture agree. */
const TINT_OPACITY = 0.18;

/** A generated image cut to the canvas (cover, centred), gently tinted toward the palette. */
export async function fittedBackground(image: RawImage, canvas: Canvas, palette: Palette): Promise<RawImage> {
  const tint = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas.width}" height="${canvas.height}"><defs><linearGradient id="t" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.background[0]}"/><stop offset="1" stop-color="${palette.background[1]}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#t)" opacity="${TINT_OPACITY}"/></svg>`,
  );
  const cover = await fromSharp(
    toSharp(image).resize(canvas.width, canvas.height, { fit: 'cover', kernel: 'lanczos3' }),
    3,
  );
  return fromSharp(toSharp(cover).composite([{ input: tint }]), 3);
}
