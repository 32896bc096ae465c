import { describe, expect, it } from 'vitest';
import { dbPostprocess, forEachComponent, meanInsideQuad } from './db-postprocess.js';
import type { ProbMap } from './db-postprocess.js';

function map(width: number, height: number, fill: (x: number, y: number) => number): ProbMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y);
  return { data, width, height };
}

const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number): boolean =>
  x >= x0 && x <= x1 && y >= y0 && y <= y1;

describe('forEachComponent', () => {
  it('labels 8-connected blobs and reports row extrema', () => {
    // Two blobs; the diagonal touch at (3,3)-(4,4) joins the first pair.
    const w = 12;
    const h = 8;
    const bits = new Uint8Array(w * h);
    for (const [x, y] of [
      [2, 2],
      [3, 2],
      [3, 3],
      [4, 4],
      [10, 6],
    ] as const)
      bits[y * w + x] = 1;
    const seen: { points: [number, number][]; count: number }[] = [];
    forEachComponent(bits, w, h, (points, count) => {
      seen.push({ points, count });
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({
      points: [
        [2, 2],
        [3, 2],
        [3, 3],
        [4, 4],
      ],
      count: 4,
    });
    expect(seen[1]).toEqual({ points: [[10, 6]], count: 1 });
  });
});

describe('meanInsideQuad', () => {
  it('averages only the pixels inside the quad', () => {
    const m = map(10, 10, (x) => (x < 5 ? 1 : 0));
    expect(
      meanInsideQuad(m, [
        [0, 0],
        [4, 0],
        [4, 9],
        [0, 9],
      ]),
    ).toBe(1);
    expect(
      meanInsideQuad(m, [
        [0, 0],
        [9, 0],
        [9, 9],
        [0, 9],
      ]),
    ).toBeCloseTo(0.5, 9);
  });
});

describe('dbPostprocess', () => {
  it('turns a text blob into an unclipped box scaled to the original image', () => {
    // A 41x7 px kernel (pixel centres 20..60, 30..36) in a 100x80 map of a 200x160 image.
    const m = map(100, 80, (x, y) => (inRect(x, y, 20, 30, 60, 36) ? 0.9 : 0.05));
    const boxes = dbPostprocess(m, 200, 160);
    expect(boxes).toHaveLength(1);
    const d = (40 * 6 * 1.5) / (2 * (40 + 6));
    const [tl, tr, br, bl] = boxes[0]!.quad;
    expect(tl).toEqual([Math.round((20 - d) * 2), Math.round((30 - d) * 2)]);
    expect(tr).toEqual([Math.round((60 + d) * 2), Math.round((30 - d) * 2)]);
    expect(br).toEqual([Math.round((60 + d) * 2), Math.round((36 + d) * 2)]);
    expect(bl).toEqual([Math.round((20 - d) * 2), Math.round((36 + d) * 2)]);
    expect(boxes[0]!.score).toBeCloseTo(0.9, 5);
  });

  it('drops weak blobs, specks and empty maps', () => {
    const weak = map(100, 80, (x, y) => (inRect(x, y, 20, 30, 60, 36) ? 0.5 : 0)); // above 0.3, below 0.6 box score
    const speck = map(100, 80, (x, y) => (inRect(x, y, 20, 30, 21, 31) ? 1 : 0)); // 2 px: shorter than min side 3
    expect(dbPostprocess(weak, 100, 80)).toEqual([]);
    expect(dbPostprocess(speck, 100, 80)).toEqual([]);
    expect(
      dbPostprocess(
        map(64, 32, () => 0),
        64,
        32,
      ),
    ).toEqual([]);
  });

  it('clips boxes at the image border and caps the number of candidates', () => {
    const edge = map(50, 20, (x, y) => (inRect(x, y, 0, 0, 30, 5) ? 1 : 0));
    const [box] = dbPostprocess(edge, 50, 20);
    for (const [x, y] of box!.quad) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
    }
    const many = map(100, 20, (x, y) => (x % 10 < 6 && y >= 5 && y <= 12 ? 1 : 0)); // 10 blobs
    expect(dbPostprocess(many, 100, 20)).toHaveLength(10);
    expect(dbPostprocess(many, 100, 20, { maxCandidates: 4 })).toHaveLength(4);
  });
});
