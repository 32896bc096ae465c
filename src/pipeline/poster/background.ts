// Poster backgrounds: a plain designed one (gradient and geometric shapes from the
// palette, kept clear of the text) or a generated image fitted and tinted to the palette.
import sharp from 'sharp';
import type { RawImage } from '../../engine/index.js';
import { fromSharp, noiseSource, toSharp } from '../../engine/index.js';
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

// ---- motifs: the look a style asks for, drawn around the text ----

/** Leaf outlines in a unit box (-1..1): a five-lobed maple and an almond leaf. */
const MAPLE =
  'M0,-1L0.12,-0.62L0.38,-0.78L0.3,-0.38L0.72,-0.5L0.56,-0.2L0.95,-0.05L0.5,0.15L0.62,0.42L0.2,0.3L0.06,0.62L0.06,1L-0.06,1L-0.06,0.62L-0.2,0.3L-0.62,0.42L-0.5,0.15L-0.95,-0.05L-0.56,-0.2L-0.72,-0.5L-0.3,-0.38L-0.38,-0.78L-0.12,-0.62Z';
const ALMOND = 'M0,-1C0.55,-0.55 0.55,0.45 0,1C-0.55,0.45 -0.55,-0.55 0,-1Z';

interface Spot {
  x: number;
  y: number;
  /** Half the item's extent. */
  r: number;
  rot: number;
}

/** Up to `count` spots of radius lo..hi that stay clear of the text (plus the gap) and of each other. */
function scatter(plan: BackgroundPlan, random: () => number, count: number, lo: number, hi: number): Spot[] {
  const { width: W, height: H } = plan.canvas;
  const gap = plan.margin * 0.45;
  const spots: Spot[] = [];
  for (let tries = 0; tries < count * 30 && spots.length < count; tries += 1) {
    const r = lo + (hi - lo) * random() ** 1.5;
    const s = { x: random() * W, y: random() * H, r, rot: random() * 360 };
    const box = { left: s.x - r - gap, top: s.y - r - gap, width: 2 * (r + gap), height: 2 * (r + gap) };
    if (overlaps(box, plan.textBox)) continue;
    if (spots.some((o) => Math.hypot(o.x - s.x, o.y - s.y) < (o.r + s.r) * 0.9)) continue;
    spots.push(s);
  }
  return spots;
}

/** A clip path that is the whole canvas less the text box and its gap, for motifs that run across it. */
function freeClip(plan: BackgroundPlan): string {
  const { width: W, height: H } = plan.canvas;
  const gap = plan.margin * 0.45;
  const t = plan.textBox;
  const [l, top, w, h] = [t.left - gap, t.top - gap, t.width + 2 * gap, t.height + 2 * gap].map(f);
  return `<clipPath id="free"><path clip-rule="evenodd" d="M0 0H${W}V${H}H0Z M${l} ${top}h${w}v${h}h-${w}Z"/></clipPath>`;
}

const GLOW = (id: string, blur: number): string =>
  `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${f(blur)}" result="b"/><feMerge><feMergeNode in="b"/><feMergeNode in="b"/><feMergeNode in="SourceGraphic"/></feMerge></filter>`;

function leaves(plan: BackgroundPlan, random: () => number, short: number): string {
  const colours = plan.palette.shapes;
  return scatter(plan, random, 16, short * 0.035, short * 0.09)
    .map((s, i) => {
      const colour = colours[i % colours.length];
      const maple = i % 3 !== 2;
      const vein = maple ? '' : `<path d="M0,-0.9L0,1.05" stroke="${plan.palette.background[0]}" stroke-width="0.06"/>`;
      return `<g transform="translate(${f(s.x)} ${f(s.y)}) rotate(${f(s.rot)}) scale(${f(s.r)})" opacity="0.92"><path d="${maple ? MAPLE : ALMOND}" fill="${colour}"/>${vein}</g>`;
    })
    .join('');
}

function snowflake(s: Spot, colour: string): string {
  let arms = '';
  for (let a = 0; a < 6; a += 1) {
    arms += `<g transform="rotate(${a * 60})"><path d="M0,0V-1M0,-0.55L-0.25,-0.8M0,-0.55L0.25,-0.8M0,-0.3L-0.18,-0.48M0,-0.3L0.18,-0.48"/></g>`;
  }
  return `<g transform="translate(${f(s.x)} ${f(s.y)}) rotate(${f(s.rot)}) scale(${f(s.r)})" stroke="${colour}" stroke-width="0.09" stroke-linecap="round" fill="none">${arms}</g>`;
}

function snow(plan: BackgroundPlan, random: () => number, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const [s0, s1, s2] = plan.palette.shapes;
  const flakes = scatter(plan, random, 9, short * 0.04, short * 0.1).map((s, i) => snowflake(s, i % 2 ? s2! : s1!));
  let dots = '';
  for (let i = 0; i < 90; i += 1)
    dots += `<circle cx="${f(random() * W)}" cy="${f(random() * H)}" r="${f(short * (0.003 + random() * 0.006))}"/>`;
  // Snowy hills along the foot, only where they stay under the text (a clipped hill would look like a panel).
  const room = H - (plan.textBox.top + plan.textBox.height + plan.margin * 0.45);
  const ry = Math.min(short * 0.2, room / 0.6);
  const hills =
    ry > short * 0.06
      ? `<ellipse cx="${f(W * 0.2)}" cy="${f(H + ry * 0.4)}" rx="${f(W * 0.6)}" ry="${f(ry)}" fill="${s0}" opacity="0.55"/><ellipse cx="${f(W * 0.85)}" cy="${f(H + ry * 0.55)}" rx="${f(W * 0.5)}" ry="${f(ry * 0.8)}" fill="${s2}" opacity="0.85"/>`
      : '';
  return `<g clip-path="url(#free)">${hills}<g fill="${s2}" opacity="0.7">${dots}</g></g>${flakes.join('')}`;
}

function blossom(s: Spot, petal: string, heart: string): string {
  let petals = '';
  for (let a = 0; a < 5; a += 1)
    petals += `<ellipse cx="0" cy="-0.5" rx="0.36" ry="0.5" transform="rotate(${a * 72})"/>`;
  return `<g transform="translate(${f(s.x)} ${f(s.y)}) rotate(${f(s.rot)}) scale(${f(s.r)})"><g fill="${petal}">${petals}</g><circle r="0.2" fill="${heart}"/></g>`;
}

function petals(plan: BackgroundPlan, random: () => number, short: number): string {
  const [s0, s1, s2] = plan.palette.shapes;
  const spots = scatter(plan, random, 18, short * 0.02, short * 0.08);
  return spots
    .map((s, i) =>
      i % 3 === 2
        ? `<ellipse cx="${f(s.x)}" cy="${f(s.y)}" rx="${f(s.r * 0.45)}" ry="${f(s.r * 0.7)}" transform="rotate(${f(s.rot)} ${f(s.x)} ${f(s.y)})" fill="${s1}" opacity="0.8"/>`
        : blossom(s, i % 2 ? s1! : '#ffffff', i % 2 ? s2! : s0!),
    )
    .join('');
}

function waves(plan: BackgroundPlan, random: () => number, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const shapes = plan.palette.shapes;
  const colours = [shapes[2], shapes[0], plan.palette.headline];
  const amp = short * 0.025;
  const len = short * (0.22 + random() * 0.08);
  let out = '';
  // Bands start under the text; with no room there the sun stays alone.
  const top = Math.max(H * 0.72, plan.textBox.top + plan.textBox.height + plan.margin * 0.45 + amp * 2);
  const step = (H - top) / 3.2;
  colours.forEach((c, i) => {
    if (step < short * 0.03) return;
    const y = top + i * step;
    let d = `M0,${f(y)}`;
    for (let x = 0; x < W + len; x += len) d += ` q${f(len / 4)},${f(-amp * 2)} ${f(len / 2)},0 t${f(len / 2)},0`;
    out += `<path d="${d} V${H} H0Z" fill="${c}" opacity="${i === 2 ? 0.85 : 0.9}"/>`;
  });
  const sun = clearOf(
    { cx: W * 0.78, cy: Math.max(H * 0.14, short * 0.2), r: short * 0.13 },
    plan.textBox,
    plan.margin * 0.45,
  );
  return `${out}${circleSvg(sun, `fill="${shapes[1]}"`)}`;
}

function sunburst(plan: BackgroundPlan, short: number): string {
  const free = freeCentre(plan);
  const colours = [plan.palette.shapes[0], plan.palette.shapes[2] ?? plan.palette.accent, plan.palette.shapes[1]];
  const band = short * 0.055;
  const outer = clearOf({ cx: free.cx, cy: free.cy, r: short * 0.42 }, plan.textBox, plan.margin * 0.45);
  let out = '';
  colours.forEach((c, i) => {
    const r = outer.r - band * (i + 0.5);
    if (r > band) out += circleSvg({ ...outer, r }, `fill="none" stroke="${c}" stroke-width="${f(band)}"`);
  });
  const inner = outer.r - band * 3.5;
  if (inner > band) out += circleSvg({ ...outer, r: inner * 0.8 }, `fill="${plan.palette.accent}"`);
  return out;
}

function frame(plan: BackgroundPlan, random: () => number, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const inset = plan.margin * 0.35;
  const line = Math.max(1.5, short * 0.004);
  const [s0, s1, s2] = plan.palette.shapes;
  const rect = (d: number, w: number): string =>
    `<rect x="${f(inset + d)}" y="${f(inset + d)}" width="${f(W - 2 * (inset + d))}" height="${f(H - 2 * (inset + d))}" fill="none" stroke="${s0}" stroke-width="${f(w)}"/>`;
  const corners = [
    [inset, inset],
    [W - inset, inset],
    [inset, H - inset],
    [W - inset, H - inset],
  ]
    .map(
      ([x, y]) =>
        `<rect x="${f(x! - short * 0.018)}" y="${f(y! - short * 0.018)}" width="${f(short * 0.036)}" height="${f(short * 0.036)}" transform="rotate(45 ${f(x!)} ${f(y!)})" fill="${s1}"/>`,
    )
    .join('');
  // A halftone patch in the free area: dots that shrink away from its centre.
  const free = freeCentre(plan);
  const step = short * 0.03;
  let dots = '';
  for (let j = -6; j <= 6; j += 1) {
    for (let i = -6; i <= 6; i += 1) {
      const d = Math.hypot(i, j) / 6;
      if (d < 1)
        dots += `<circle cx="${f(free.cx + i * step)}" cy="${f(free.cy + j * step)}" r="${f(step * 0.42 * (1 - d))}"/>`;
    }
  }
  const grain = random() < 0.5 ? s2 : s1;
  return `${rect(0, line * 2.2)}${rect(line * 3.5, line)}${corners}<g clip-path="url(#free)" fill="${grain}" opacity="0.75">${dots}</g>`;
}

function glow(plan: BackgroundPlan, random: () => number, short: number): string {
  const [s0, s1] = plan.palette.shapes;
  const width = short * 0.012;
  const tubes = scatter(plan, random, 5, short * 0.07, short * 0.16).map((s, i) => {
    const colour = i % 2 ? s1 : s0;
    const at = `transform="translate(${f(s.x)} ${f(s.y)}) rotate(${f(s.rot)})"`;
    const shape = i % 3;
    if (shape === 0) return `<circle ${at} r="${f(s.r * 0.8)}" stroke="${colour}"/>`;
    if (shape === 1) {
      const r = s.r * 0.85;
      return `<path ${at} d="M${f(-r)},${f(r * 0.3)}L${f(-r / 2)},${f(-r * 0.3)}L0,${f(r * 0.3)}L${f(r / 2)},${f(-r * 0.3)}L${f(r)},${f(r * 0.3)}" stroke="${colour}"/>`;
    }
    const r = s.r * 0.85;
    return `<path ${at} d="M0,${f(-r)}L${f(r * 0.87)},${f(r / 2)}L${f(-r * 0.87)},${f(r / 2)}Z" stroke="${colour}"/>`;
  });
  return `<defs>${GLOW('glow', width * 1.6)}</defs><g clip-path="url(#free)"><g fill="none" stroke-width="${f(width)}" stroke-linecap="round" stroke-linejoin="round" filter="url(#glow)">${tubes.join('')}</g></g>`;
}

function grid(plan: BackgroundPlan, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const [s0, s1, s2] = plan.palette.shapes;
  const t = plan.textBox;
  const gap = plan.margin * 0.45;
  const below = H - (t.top + t.height + gap);
  // A floor under the text when there is room for one, else a ceiling over it; the sun goes in the other free part.
  const floorTop = below >= H * 0.16 || below >= t.top - gap;
  const horizon = floorTop ? Math.max(t.top + t.height + gap, H * 0.5) : Math.min(t.top - gap, H * 0.5);
  const lines: string[] = [];
  const vx = W / 2;
  const depth = floorTop ? H - horizon : horizon;
  const dir = floorTop ? 1 : -1;
  for (let i = -10; i <= 10; i += 1) {
    lines.push(`M${f(vx + i * W * 0.02)},${f(horizon)}L${f(vx + i * W * 0.16)},${f(horizon + dir * depth)}`);
  }
  for (let k = 1; k <= 7; k += 1) {
    const y = horizon + dir * depth * (k / 7) ** 1.8;
    lines.push(`M0,${f(y)}H${W}`);
  }
  const sunR = short * 0.2;
  const sunY = floorTop ? (t.top - gap) / 2 : (t.top + t.height + gap + H) / 2;
  const sun = clearOf({ cx: W * 0.5, cy: sunY, r: sunR }, plan.textBox, gap);
  let bars = '';
  for (let k = 0; k < 5; k += 1)
    bars += `<rect x="0" y="${f(sun.cy + sun.r * (0.15 + k * 0.17))}" width="${W}" height="${f(sun.r * 0.05 * (k + 1))}"/>`;
  const sunSvg =
    sun.r > 2
      ? `<defs><linearGradient id="sun" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${s0}"/><stop offset="1" stop-color="${s2}"/></linearGradient><mask id="bars"><rect width="${W}" height="${H}" fill="#fff"/><g fill="#000">${bars}</g></mask></defs><circle cx="${f(sun.cx)}" cy="${f(sun.cy)}" r="${f(sun.r)}" fill="url(#sun)" mask="url(#bars)"/>`
      : '';
  return `<defs>${GLOW('grid-glow', short * 0.004)}</defs>${sunSvg}<g clip-path="url(#free)"><path d="${lines.join('')}" stroke="${s1}" stroke-width="${f(short * 0.003)}" fill="none" filter="url(#grid-glow)" opacity="0.9"/></g>`;
}

function blobs(plan: BackgroundPlan, random: () => number, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const spots = [
    [0.1, 0.08],
    [0.92, 0.2],
    [0.15, 0.9],
    [0.85, 0.95],
    [0.5, 0.02],
  ];
  const shapes = plan.palette.shapes;
  const blur = short * 0.05;
  // Pale enough for dark text to read on (the composer measures it), so they may reach behind the text.
  const circles = spots
    .map(
      ([x, y], i) =>
        `<circle cx="${f(x! * W)}" cy="${f(y! * H)}" r="${f(short * (0.2 + random() * 0.12))}" fill="${shapes[i % shapes.length]}"/>`,
    )
    .join('');
  return `<defs><filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${f(blur)}"/></filter></defs><g filter="url(#soft)" opacity="0.85">${circles}</g>`;
}

function rings(plan: BackgroundPlan, short: number): string {
  const { width: W, height: H } = plan.canvas;
  const [s0, s1, s2] = plan.palette.shapes;
  let out = '';
  const corner = plan.textBox.top + plan.textBox.height / 2 < H / 2 ? { cx: W, cy: H } : { cx: W, cy: 0 };
  for (let k = 1; k <= 12; k += 1) {
    const r = short * 0.1 * k;
    // Only rings that pass the text by whole: a cut arc would draw the text box's outline.
    if (clearOf({ ...corner, r }, plan.textBox, plan.margin * 0.45).r < r) break;
    out += circleSvg(
      { ...corner, r },
      `fill="none" stroke="${k % 3 ? s0 : s1}" stroke-width="${f(short * (k % 3 ? 0.004 : 0.008))}"`,
    );
  }
  const free = freeCentre(plan);
  const dot = clearOf({ cx: free.cx, cy: free.cy, r: short * 0.05 }, plan.textBox, plan.margin * 0.45);
  return `${out}${circleSvg(dot, `fill="${s2}"`)}`;
}

/** The motif of a style palette, or undefined when the palette has none. */
function motifSvg(plan: BackgroundPlan, random: () => number, short: number): string | undefined {
  switch (plan.palette.motif) {
    case 'leaves':
      return leaves(plan, random, short);
    case 'snow':
      return snow(plan, random, short);
    case 'petals':
      return petals(plan, random, short);
    case 'waves':
      return waves(plan, random, short);
    case 'sunburst':
      return sunburst(plan, short);
    case 'frame':
      return frame(plan, random, short);
    case 'glow':
      return glow(plan, random, short);
    case 'grid':
      return grid(plan, short);
    case 'blobs':
      return blobs(plan, random, short);
    case 'rings':
      return rings(plan, short);
    default:
      return undefined;
  }
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
  // A style's own motif (leaves, snow, a neon glow...) replaces the geometric compositions.
  const motif = motifSvg(plan, random, short);
  if (motif !== undefined) {
    parts.push(`<defs>${freeClip(plan)}</defs>`, motif);
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
  }
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
