// Reading order of text boxes: lines top to bottom, boxes left to right within
// a line. Boxes whose vertical centres are closer than half a line height are
// on one line.
import type { Quad } from './geometry.js';

interface Extent {
  index: number;
  cx: number;
  cy: number;
  height: number;
}

function extent(quad: Quad, index: number): Extent {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const [x, y] of quad) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  // The quad's left edge length is its text height, also for tilted lines.
  const h = Math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]);
  return { index, cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, height: h > 0 ? h : y1 - y0 };
}

/**
 * Groups box indices into lines in reading order. Returns one array of box
 * indices per line, lines top to bottom, each line left to right.
 */
export function readingOrder(quads: readonly Quad[]): number[][] {
  const items = quads.map(extent).sort((a, b) => a.cy - b.cy || a.cx - b.cx);
  const lines: { items: Extent[]; cy: number; height: number }[] = [];
  for (const item of items) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(item.cy - line.cy) < Math.min(line.height, item.height) / 2) {
      line.items.push(item);
      // The line's centre and height follow its members so a long line does not drift.
      const n = line.items.length;
      line.cy += (item.cy - line.cy) / n;
      line.height += (item.height - line.height) / n;
    } else {
      lines.push({ items: [item], cy: item.cy, height: item.height });
    }
  }
  return lines.map((line) => line.items.sort((a, b) => a.cx - b.cx).map((item) => item.index));
}
