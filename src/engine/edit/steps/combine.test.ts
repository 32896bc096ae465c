import { describe, expect, it } from 'vitest';
import { flat, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { parseColor } from '../../../common/colors.js';
import { beforeAfter, combine, combineLayout } from './combine.js';
import { MAX_OUTPUT_PIXELS, MAX_OUTPUT_SIDE } from './resize.js';

describe('combine', () => {
  it('side by side matches heights by scaling, keeping each aspect ratio', () => {
    const layout = combineLayout(
      [
        { width: 800, height: 600 },
        { width: 300, height: 900 },
      ],
      'side-by-side',
      0,
    );
    expect(layout.height).toBe(600);
    expect(layout.cells.map((c) => [c.left, c.width, c.height])).toEqual([
      [0, 800, 600],
      [800, 200, 600],
    ]);
    expect(layout.width).toBe(1000);
  });

  it('stacks with matched widths and a gap that follows the size', () => {
    const layout = combineLayout(
      [
        { width: 1000, height: 500 },
        { width: 2000, height: 2000 },
      ],
      'stack',
      10,
    );
    expect(layout.width).toBe(1000);
    expect(layout.cells[1]).toEqual({ left: 0, top: 510, width: 1000, height: 1000 });
  });

  it('centres the short last row of a grid', () => {
    const sizes = Array.from({ length: 3 }, () => ({ width: 400, height: 300 }));
    const layout = combineLayout(sizes, 'grid', 0);
    expect([layout.width, layout.height]).toEqual([800, 600]);
    expect(layout.cells[2]).toEqual({ left: 200, top: 300, width: 400, height: 300 });
  });

  it('stays inside the output limits however many big images come', () => {
    const sizes = Array.from({ length: 9 }, () => ({ width: 6000, height: 4000 }));
    for (const layout of ['grid', 'side-by-side', 'stack'] as const) {
      const out = combineLayout(sizes, layout);
      expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(MAX_OUTPUT_SIDE);
      expect(out.width * out.height).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS);
      for (const c of out.cells) expect(c.left + c.width).toBeLessThanOrEqual(out.width);
    }
  });

  it('draws each picture in its cell on the background colour', async () => {
    const out = await combine([flat(40, 40, [255, 0, 0]), flat(20, 40, [0, 0, 255])], 'side-by-side', {
      gap: 100,
      background: 'black',
    });
    expect([out.width, out.height]).toEqual([64, 40]);
    expect(pixel(out, 10, 10)).toEqual([255, 0, 0]);
    const black = parseColor('black')!;
    expect(pixel(out, 42, 10)).toEqual([black.r, black.g, black.b]);
    expect(pixel(out, 55, 10)).toEqual([0, 0, 255]);
  });

  it('labels a before/after pair in the corners and leaves the rest of the pictures alone', async () => {
    const before = testPhoto(300, 200);
    const out = await beforeAfter(before, flat(300, 200, [255, 255, 255]), { labels: ['Before', 'After'] });
    expect(out.height).toBe(200);
    // Label boxes are dark: the corner of the white "after" is darkened, its far corner is not.
    const afterLeft = 300 + Math.round((12 * 200) / 1000);
    expect(pixel(out, afterLeft + 12, 14)[0]).toBeLessThan(200);
    expect(pixel(out, out.width - 5, 195)).toEqual([255, 255, 255]);
  });
});
