// How far a GrabCut mask can be trusted, from what can be measured on the mask
// itself: its size, how it sits against the image's borders and the box it was
// seeded from, how many pieces it has, and whether its outline follows edges in
// the picture. Thresholds are calibrated against IS-Net (`npm run bench masks`).
import type { RoughMaskReason } from '../../common/edit-step.js';
import type { MaskQuality, RawImage } from '../types.js';
import type { Box } from './grabcut.js';

export interface MaskFeatures {
  /** Share of the image the mask covers. */
  area: number;
  /** Image sides (0-4) the mask runs along for at least a fifth of their length. */
  borders: number;
  /** Share of the mask inside the seed box. */
  inBox: number;
  /** Share of the seed box the mask covers. */
  boxFill: number;
  /** Connected pieces of at least 1% of the mask. */
  pieces: number;
  /** Share of the mask's outline that lies on a strong edge of the picture (within 2 px). */
  edgeFit: number;
  /** Share of the box's sides (those inside the image) the mask runs along: a mask stopped by its box, not by the object. */
  boxEdge: number;
  /** Colour overlap (Bhattacharyya, 0-1) of the mask and the rest of the crop GrabCut saw: how alike object and background are. */
  colourOverlap: number;
  /** Other detected objects overlapping the box: GrabCut tells neighbours apart only by colour. */
  neighbours: number;
}

const on = (v: number | undefined) => (v ?? 0) >= 128;

function clampBox(box: Box, width: number, height: number): [number, number, number, number] {
  return [
    Math.max(0, Math.floor(box[0])),
    Math.max(0, Math.floor(box[1])),
    Math.min(width, Math.ceil(box[2])),
    Math.min(height, Math.ceil(box[3])),
  ];
}

/** Luma gradient magnitude (Sobel), per pixel. */
function gradient(image: RawImage): Float32Array {
  const { width, height, channels, data } = image;
  const luma = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const j = i * channels;
    luma[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
  }
  const g = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = luma[i - width - 1]!;
      const b = luma[i - width]!;
      const c = luma[i - width + 1]!;
      const d = luma[i - 1]!;
      const f = luma[i + 1]!;
      const p = luma[i + width - 1]!;
      const q = luma[i + width]!;
      const r = luma[i + width + 1]!;
      const gx = c + 2 * f + r - a - 2 * d - p;
      const gy = p + 2 * q + r - a - 2 * b - c;
      g[i] = Math.hypot(gx, gy);
    }
  }
  return g;
}

/** A pixel's luma step counts as an edge above this Sobel magnitude (about 20 grey levels across). */
const EDGE_MAGNITUDE = 80;

function countPieces(mask: Uint8Array, width: number, height: number, total: number): number {
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  let pieces = 0;
  for (let s = 0; s < width * height; s++) {
    if (seen[s] || !on(mask[s])) continue;
    let size = 0;
    seen[s] = 1;
    stack.push(s);
    while (stack.length > 0) {
      const i = stack.pop()!;
      size++;
      const x = i % width;
      const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const n of next) {
        if (n < 0 || n >= width * height || seen[n] || !on(mask[n])) continue;
        seen[n] = 1;
        stack.push(n);
      }
    }
    if (size >= total * 0.01) pieces++;
  }
  return pieces;
}

/** The features of `mask` (0-255, width*height) of `image`, seeded from `box`. */
export function maskFeatures(image: RawImage, mask: Uint8Array, box: Box, neighbours = 0): MaskFeatures {
  const { width, height } = image;
  const [bx1, by1, bx2, by2] = clampBox(box, width, height);
  let total = 0;
  let inside = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!on(mask[y * width + x])) continue;
      total++;
      if (x >= bx1 && x < bx2 && y >= by1 && y < by2) inside++;
    }
  }
  const boxArea = Math.max(1, (bx2 - bx1) * (by2 - by1));
  if (total === 0) {
    return {
      area: 0,
      borders: 0,
      inBox: 0,
      boxFill: 0,
      pieces: 0,
      edgeFit: 0,
      boxEdge: 0,
      colourOverlap: 1,
      neighbours,
    };
  }

  const side = (count: number, length: number) => (count >= length * 0.2 ? 1 : 0);
  let top = 0;
  let bottom = 0;
  let left = 0;
  let right = 0;
  for (let x = 0; x < width; x++) {
    if (on(mask[x])) top++;
    if (on(mask[(height - 1) * width + x])) bottom++;
  }
  for (let y = 0; y < height; y++) {
    if (on(mask[y * width])) left++;
    if (on(mask[y * width + width - 1])) right++;
  }
  const borders = side(top, width) + side(bottom, width) + side(left, height) + side(right, height);

  // Outline pixels: selected, with an unselected 4-neighbour (image sides are not outline).
  const g = gradient(image);
  let outline = 0;
  let fitting = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!on(mask[i])) continue;
      if (on(mask[i - 1]) && on(mask[i + 1]) && on(mask[i - width]) && on(mask[i + width])) continue;
      outline++;
      let best = 0;
      for (let dy = -2; dy <= 2; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -2; dx <= 2; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width) best = Math.max(best, g[yy * width + xx]!);
        }
      }
      if (best >= EDGE_MAGNITUDE) fitting++;
    }
  }
  return {
    neighbours,
    boxEdge: boxEdge(mask, width, height, [bx1, by1, bx2, by2]),
    colourOverlap: colourOverlap(image, mask, [bx1, by1, bx2, by2]),
    area: total / (width * height),
    borders,
    inBox: inside / total,
    boxFill: inside / boxArea,
    pieces: countPieces(mask, width, height, total),
    edgeFit: outline > 0 ? fitting / outline : 0,
  };
}

/** Share of the pixels just inside the box's sides (sides on the image border left out) that the mask holds. */
function boxEdge(mask: Uint8Array, width: number, height: number, box: [number, number, number, number]): number {
  const [x1, y1, x2, y2] = box;
  let n = 0;
  let hit = 0;
  const count = (x: number, y: number) => {
    n++;
    if (on(mask[y * width + x])) hit++;
  };
  if (y1 > 0) for (let x = x1; x < x2; x++) count(x, y1);
  if (y2 < height) for (let x = x1; x < x2; x++) count(x, y2 - 1);
  if (x1 > 0) for (let y = y1; y < y2; y++) count(x1, y);
  if (x2 < width) for (let y = y1; y < y2; y++) count(x2 - 1, y);
  return n > 0 ? hit / n : 0;
}

/** Bhattacharyya coefficient of 8x8x8 colour histograms: mask vs the rest of the box grown by a fifth. */
function colourOverlap(image: RawImage, mask: Uint8Array, box: [number, number, number, number]): number {
  const { width, height, channels, data } = image;
  const mx = (box[2] - box[0]) * 0.2;
  const my = (box[3] - box[1]) * 0.2;
  const [x1, y1, x2, y2] = clampBox([box[0] - mx, box[1] - my, box[2] + mx, box[3] + my], width, height);
  const fg = new Float64Array(512);
  const bg = new Float64Array(512);
  let nf = 0;
  let nb = 0;
  for (let y = y1; y < y2; y++) {
    for (let x = x1; x < x2; x++) {
      const i = y * width + x;
      const j = i * channels;
      const bin = ((data[j]! >> 5) << 6) | ((data[j + 1]! >> 5) << 3) | (data[j + 2]! >> 5);
      if (on(mask[i])) {
        fg[bin]!++;
        nf++;
      } else {
        bg[bin]!++;
        nb++;
      }
    }
  }
  if (nf === 0 || nb === 0) return 1;
  let bc = 0;
  for (let b = 0; b < 512; b++) bc += Math.sqrt((fg[b]! / nf) * (bg[b]! / nb));
  return bc;
}

/** Below this confidence a mask is called rough. */
export const ROUGH_BELOW = 0.8;

/**
 * Where each feature sat for the masks that matched IS-Net (IoU >= 0.8) on
 * the test photos and their crops (`npm run bench masks`): inside the window
 * a feature counts 1, falling to 0 over `ramp` outside it. Narrow on purpose:
 * a mask is called good only when it looks like those did. Checked on the 12
 * photos of `npm run bench masks` (12 subjects, 15 named objects): no mask under
 * IoU 0.8 is called good; 2 of the 5 at or above it are called rough.
 */
const WINDOWS = {
  colourOverlap: { lo: 0.5, hi: 0.72, ramp: 0.1 },
  boxFill: { lo: 0.58, hi: 0.75, ramp: 0.1 },
  edgeFit: { lo: 0.9, hi: 1, ramp: 0.1 },
  boxEdge: { lo: 0, hi: 0.15, ramp: 0.1 },
} as const;

function inWindow(v: number, w: { lo: number; hi: number; ramp: number }): number {
  return Math.max(0, Math.min(1, 1 - Math.max(0, w.lo - v, v - w.hi) / w.ramp));
}

/** Confidence (0-1, the weakest feature's) and verdict for a GrabCut mask; `subject` masks come from the central box. */
export function judgeMask(f: MaskFeatures, kind: 'object' | 'subject'): MaskQuality {
  const terms = {
    colourOverlap: inWindow(f.colourOverlap, WINDOWS.colourOverlap),
    boxFill: inWindow(f.boxFill, WINDOWS.boxFill),
    edgeFit: inWindow(f.edgeFit, WINDOWS.edgeFit),
    boxEdge: inWindow(f.boxEdge, WINDOWS.boxEdge),
    // The main subject may fill the frame; an object in pieces is not one object.
    pieces: kind === 'object' && f.pieces > 1 ? 0.5 : 1,
    // The dog against the bicycle took the wall seen through the wheel (IoU 0.65-0.74 with every feature in its window).
    neighbours: kind === 'object' && f.neighbours > 0 ? 0.5 : 1,
  };
  const confidence = Math.min(...Object.values(terms));
  if (confidence >= ROUGH_BELOW) return { level: 'good', confidence, reasons: [] };
  const reasons = new Set<RoughMaskReason>();
  // Too much of the box, or running along its sides: the cut did not stop at the object.
  if (f.boxFill > WINDOWS.boxFill.hi || f.boxEdge > WINDOWS.boxEdge.hi || terms.neighbours < 1)
    reasons.add('background');
  // The central box is no subject's outline: there a middling fill was the porch floor taken (dog.jpg), only a low one a miss.
  if (f.boxFill < (kind === 'subject' ? 0.45 : WINDOWS.boxFill.lo)) reasons.add('partial');
  else if (kind === 'subject' && f.boxFill < WINDOWS.boxFill.lo) reasons.add('background');
  // Object and background of alike colours: GrabCut could not tell them apart, so the cut wanders both ways.
  if (f.colourOverlap > WINDOWS.colourOverlap.hi) reasons.add(f.boxFill >= 0.6 ? 'background' : 'partial');
  if (f.edgeFit < WINDOWS.edgeFit.lo || f.colourOverlap < WINDOWS.colourOverlap.lo || reasons.size === 0) {
    reasons.add('outline');
  }
  return { level: 'rough', confidence, reasons: [...reasons] };
}
