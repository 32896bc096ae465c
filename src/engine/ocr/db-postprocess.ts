// DBNet post-processing: binarise the probability map, label connected text
// regions, fit a rotated rectangle to each, score it, grow it (unclip) and map
// it back to the original image. Constants are PaddleOCR's v4 defaults.
import type { Point, Quad, RotatedRect } from './geometry.js';
import { minAreaRect, orderCorners, unclipRect } from './geometry.js';

export interface DbOptions {
  /** Pixels with probability above this are text. */
  threshold: number;
  /** Boxes whose mean probability is below this are dropped. */
  boxThreshold: number;
  unclipRatio: number;
  /** Boxes with a shorter side below this (in map pixels) are dropped. */
  minSize: number;
  maxCandidates: number;
}

export const DB_DEFAULTS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
};

export interface TextBox {
  /** Corners clockwise from top-left, in original image pixels. */
  quad: Quad;
  /** Mean probability inside the (un-grown) box. */
  score: number;
}

export interface ProbMap {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * 8-connected components of `bitmap` (non-zero = set). Calls `visit` with the
 * hull-relevant points of each component: the leftmost and rightmost pixel of
 * each of its rows (the convex hull depends on nothing else).
 */
export function forEachComponent(
  bitmap: Uint8Array,
  width: number,
  height: number,
  visit: (points: Point[], pixelCount: number) => boolean | void,
): void {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  // Per-row extrema of the current component, indexed by row.
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height);
  rowMin.fill(0x7fffffff);
  rowMax.fill(-1);
  for (let start = 0; start < width * height; start++) {
    if (bitmap[start] === 0 || seen[start] === 1) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let yMin = height;
    let yMax = -1;
    let count = 0;
    while (top > 0) {
      const idx = stack[--top]!;
      const y = (idx / width) | 0;
      const x = idx - y * width;
      count++;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      const x0 = x > 0 ? x - 1 : x;
      const x1 = x < width - 1 ? x + 1 : x;
      const y0 = y > 0 ? y - 1 : y;
      const y1 = y < height - 1 ? y + 1 : y;
      for (let ny = y0; ny <= y1; ny++) {
        const row = ny * width;
        for (let nx = x0; nx <= x1; nx++) {
          const n = row + nx;
          if (bitmap[n] !== 0 && seen[n] === 0) {
            seen[n] = 1;
            stack[top++] = n;
          }
        }
      }
    }
    const points: Point[] = [];
    for (let y = yMin; y <= yMax; y++) {
      const lo = rowMin[y]!;
      const hi = rowMax[y]!;
      if (hi >= 0) {
        points.push([lo, y]);
        if (hi !== lo) points.push([hi, y]);
      }
      rowMin[y] = 0x7fffffff;
      rowMax[y] = -1;
    }
    if (visit(points, count) === false) return;
  }
}

/**
 * Mean of the map inside a quadrilateral (PaddleOCR's "fast" box score):
 * rows are scanned at pixel centres and the quad's edges give each row's span.
 */
export function meanInsideQuad(map: ProbMap, quad: readonly Point[]): number {
  const { data, width, height } = map;
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const p of quad) {
    if (p[1] < yLo) yLo = p[1];
    if (p[1] > yHi) yHi = p[1];
  }
  const y0 = Math.max(0, Math.ceil(yLo));
  const y1 = Math.min(height - 1, Math.floor(yHi));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    let xl = Infinity;
    let xr = -Infinity;
    for (let i = 0; i < quad.length; i++) {
      const a = quad[i]!;
      const b = quad[(i + 1) % quad.length]!;
      const lo = Math.min(a[1], b[1]);
      const hi = Math.max(a[1], b[1]);
      if (y < lo || y > hi) continue;
      const x = hi === lo ? Math.min(a[0], b[0]) : a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      const xMax = hi === lo ? Math.max(a[0], b[0]) : x;
      if (x < xl) xl = x;
      if (xMax > xr) xr = xMax;
    }
    const x0 = Math.max(0, Math.ceil(xl));
    const x1 = Math.min(width - 1, Math.floor(xr));
    const row = y * width;
    for (let x = x0; x <= x1; x++) sum += data[row + x]!;
    if (x1 >= x0) n += x1 - x0 + 1;
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Text boxes from a DB probability map of size `map.width` x `map.height`,
 * mapped back to an original image of `origWidth` x `origHeight`.
 */
export function dbPostprocess(
  map: ProbMap,
  origWidth: number,
  origHeight: number,
  options: Partial<DbOptions> = {},
): TextBox[] {
  const opt = { ...DB_DEFAULTS, ...options };
  const { data, width, height } = map;
  const bitmap = new Uint8Array(width * height);
  for (let i = 0; i < bitmap.length; i++) bitmap[i] = data[i]! > opt.threshold ? 1 : 0;
  const sx = origWidth / width;
  const sy = origHeight / height;
  const boxes: TextBox[] = [];
  let candidates = 0;
  forEachComponent(bitmap, width, height, (points) => {
    if (++candidates > opt.maxCandidates) return false;
    const rect = minAreaRect(points);
    if (Math.min(rect.width, rect.height) < opt.minSize) return;
    const quad = orderCorners(rect.corners);
    const score = meanInsideQuad(map, quad);
    if (score < opt.boxThreshold) return;
    const grown: RotatedRect = unclipRect(rect, opt.unclipRatio);
    if (Math.min(grown.width, grown.height) < opt.minSize + 2) return;
    const scaled = orderCorners(grown.corners).map(([x, y]): Point => [
      Math.min(origWidth, Math.max(0, Math.round(x * sx))),
      Math.min(origHeight, Math.max(0, Math.round(y * sy))),
    ]) as Quad;
    // Boxes squashed to a sliver by clipping at the image border carry no text.
    const w = Math.hypot(scaled[1][0] - scaled[0][0], scaled[1][1] - scaled[0][1]);
    const h = Math.hypot(scaled[3][0] - scaled[0][0], scaled[3][1] - scaled[0][1]);
    if (w <= 3 || h <= 3) return;
    boxes.push({ quad: scaled, score });
  });
  return boxes;
}
