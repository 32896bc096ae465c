import { describe, expect, it } from 'vitest';
import { planTiles } from './tiles.js';

describe('planTiles', () => {
  it('covers every pixel exactly once with cores of at most the tile size', () => {
    for (const [w, h, size] of [
      [48, 40, 16],
      [1000, 750, 192],
      [7, 300, 64],
      [64, 64, 64],
    ] as const) {
      const covered = new Uint8Array(w * h);
      const tiles = planTiles(w, h, size, 10);
      for (const t of tiles) {
        expect(t.width).toBeLessThanOrEqual(size);
        expect(t.height).toBeLessThanOrEqual(size);
        for (let y = t.y; y < t.y + t.height; y += 1)
          for (let x = t.x; x < t.x + t.width; x += 1) covered[y * w + x]! += 1;
      }
      expect(covered.every((c) => c === 1)).toBe(true);
    }
  });

  it('gives each core its margin of context where the image has it, clipped at the edges', () => {
    const tiles = planTiles(48, 40, 16, 10);
    expect(tiles).toHaveLength(9);
    const middle = tiles[4]!;
    expect(middle).toEqual({ x: 16, y: 13, width: 16, height: 14, inX: 6, inY: 3, inWidth: 36, inHeight: 34 });
    const first = tiles[0]!;
    expect([first.inX, first.inY, first.inWidth, first.inHeight]).toEqual([0, 0, 26, 23]);
    const last = tiles[8]!;
    expect([last.inX + last.inWidth, last.inY + last.inHeight]).toEqual([48, 40]);
  });

  it('is one tile when the image fits', () => {
    expect(planTiles(100, 80, 128, 20)).toEqual([
      { x: 0, y: 0, width: 100, height: 80, inX: 0, inY: 0, inWidth: 100, inHeight: 80 },
    ]);
  });
});
