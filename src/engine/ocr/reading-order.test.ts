import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry.js';
import { readingOrder } from './reading-order.js';

const box = (x0: number, y0: number, x1: number, y1: number): Quad => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

describe('readingOrder', () => {
  it('reads lines top to bottom and boxes left to right within a line', () => {
    const quads = [
      box(300, 104, 400, 136), // line 2, right (slightly lower than its neighbour)
      box(10, 10, 200, 40), // line 1, left
      box(20, 100, 250, 130), // line 2, left
      box(220, 14, 400, 42), // line 1, right
      box(10, 200, 90, 230), // line 3
    ];
    expect(readingOrder(quads)).toEqual([[1, 3], [2, 0], [4]]);
  });

  it('keeps boxes apart when their centres differ by more than half a line height', () => {
    expect(readingOrder([box(100, 20, 200, 40), box(0, 0, 90, 20)])).toEqual([[1], [0]]);
  });

  it('returns nothing for no boxes', () => {
    expect(readingOrder([])).toEqual([]);
  });
});
