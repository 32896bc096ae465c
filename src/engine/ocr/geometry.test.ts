import { describe, expect, it } from 'vitest';
import type { Point } from './geometry.js';
import { convexHull, expandQuad, minAreaRect, orderCorners, polygonArea, unclipRect } from './geometry.js';

function rotate(points: Point[], deg: number, cx = 0, cy = 0): Point[] {
  const a = (deg * Math.PI) / 180;
  return points.map(([x, y]) => [
    cx + (x - cx) * Math.cos(a) - (y - cy) * Math.sin(a),
    cy + (x - cx) * Math.sin(a) + (y - cy) * Math.cos(a),
  ]);
}

describe('convexHull', () => {
  it('drops interior and collinear points', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [2, 2],
      [1, 3],
    ]);
    expect(hull).toHaveLength(4);
    expect(polygonArea(hull)).toBe(16);
  });
});

describe('minAreaRect', () => {
  it('finds the rotated square, not its axis-aligned bounds', () => {
    // A 10x10 square turned by 30 degrees, with points inside it too.
    const square: Point[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [5, 5],
      [3, 7],
    ];
    const rect = minAreaRect(rotate(square, 30, 50, 50));
    expect(rect.width * rect.height).toBeCloseTo(100, 6);
    expect(rect.width).toBeCloseTo(10, 6);
    expect(polygonArea(rect.corners)).toBeCloseTo(100, 6);
  });

  it('fits an axis-aligned rectangle exactly', () => {
    const rect = minAreaRect([
      [2, 3],
      [12, 3],
      [12, 8],
      [2, 8],
      [7, 5],
    ]);
    const corners = orderCorners(rect.corners);
    expect(corners).toEqual(
      [
        [2, 3],
        [12, 3],
        [12, 8],
        [2, 8],
      ].map((p) => p.map((v) => expect.closeTo(v, 9))),
    );
  });
});

describe('orderCorners', () => {
  it('returns top-left, top-right, bottom-right, bottom-left', () => {
    expect(
      orderCorners([
        [10, 5],
        [0, 6],
        [1, 0],
        [11, 11],
      ]),
    ).toEqual([
      [1, 0],
      [10, 5],
      [11, 11],
      [0, 6],
    ]);
  });
});

describe('unclipRect', () => {
  it('grows a 100x10 box by area*ratio/perimeter on every side', () => {
    const rect = minAreaRect([
      [0, 0],
      [100, 0],
      [100, 10],
      [0, 10],
    ]);
    const d = (1000 * 1.5) / 220;
    const grown = unclipRect(rect, 1.5);
    expect(grown.width).toBeCloseTo(100 + 2 * d, 9);
    expect(grown.height).toBeCloseTo(10 + 2 * d, 9);
    const [tl, , br] = orderCorners(grown.corners);
    expect(tl[0]).toBeCloseTo(-d, 9);
    expect(tl[1]).toBeCloseTo(-d, 9);
    expect(br[0]).toBeCloseTo(100 + d, 9);
    expect(br[1]).toBeCloseTo(10 + d, 9);
  });

  it('keeps the angle of a rotated box', () => {
    const rect = minAreaRect(
      rotate(
        [
          [0, 0],
          [40, 0],
          [40, 8],
          [0, 8],
        ],
        20,
      ),
    );
    const grown = unclipRect(rect, 1.5);
    const angle = (q: Point[]): number => {
      const [a, b] = orderCorners(q);
      return Math.atan2(b[1] - a[1], b[0] - a[0]);
    };
    expect(angle(grown.corners)).toBeCloseTo(angle(rect.corners), 9);
    expect(grown.width * grown.height).toBeGreaterThan(rect.width * rect.height);
  });
});

describe('expandQuad', () => {
  it('moves the top and bottom edges apart and leaves the width', () => {
    expect(
      expandQuad(
        [
          [0, 0],
          [10, 0],
          [10, 4],
          [0, 4],
        ],
        0,
        1,
      ),
    ).toEqual([
      [0, -1],
      [10, -1],
      [10, 5],
      [0, 5],
    ]);
  });
});
