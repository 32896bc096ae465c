import { describe, expect, it } from 'vitest';
import { canvasSize, layoutPoster, orientationOf, type PosterLayout } from './layout.js';
import { PALETTES } from './palettes.js';
import { splitPosterLines } from './poster-text.js';

const palette = PALETTES.spring;

function insideMargins(layout: PosterLayout): void {
  const { canvas, margin } = layout;
  for (const b of layout.blocks) {
    expect(b.box.left).toBeGreaterThanOrEqual(margin - 1);
    expect(b.box.top).toBeGreaterThanOrEqual(margin - 1);
    expect(b.box.left + b.box.width).toBeLessThanOrEqual(canvas.width - margin + 1);
    expect(b.box.top + b.box.height).toBeLessThanOrEqual(canvas.height - margin + 1);
  }
}

describe('canvasSize', () => {
  it.each([
    [undefined, undefined, 1200, 1600],
    [{ w: 1, h: 3 }, undefined, 533, 1600],
    [{ w: 1, h: 1 }, undefined, 1600, 1600],
    [{ w: 4, h: 1 }, undefined, 1600, 400],
    [{ w: 16, h: 9 }, 1000, 1000, 563],
    [{ w: 10, h: 1 }, undefined, 1600, 400],
    [{ w: 1, h: 1 }, 99999, 2400, 2400],
  ])('aspect %o, long side %s -> %ix%i', (aspect, long, width, height) => {
    expect(canvasSize(aspect, long)).toEqual({ width, height });
  });

  it('centres tall and square posters and left-aligns wide ones', () => {
    expect(orientationOf({ width: 533, height: 1600 })).toBe('tall');
    expect(orientationOf({ width: 1600, height: 1600 })).toBe('square');
    expect(orientationOf({ width: 1600, height: 400 })).toBe('wide');
  });
});

describe('layoutPoster', () => {
  const lines = splitPosterLines('春季骑行节 Spring Ride Festival / April 12, 9am / Olympic Park');

  it.each([
    [{ w: 1, h: 3 }, 'centre'],
    [{ w: 1, h: 1 }, 'centre'],
    [{ w: 4, h: 1 }, 'left'],
  ] as const)('aspect %o: every block inside the margins, aligned %s', async (aspect, align) => {
    const layout = await layoutPoster(canvasSize(aspect), lines, palette);
    expect(layout.align).toBe(align);
    expect(layout.blocks.map((b) => b.role)).toEqual(['headline', 'subtitle', 'detail', 'detail']);
    insideMargins(layout);
    // Blocks never overlap: each starts below the one before it.
    for (let i = 1; i < layout.blocks.length; i += 1) {
      const prev = layout.blocks[i - 1]!.box;
      expect(layout.blocks[i]!.box.top).toBeGreaterThanOrEqual(prev.top + prev.height);
    }
  });

  it('keeps a clear hierarchy: the headline at least twice the sub-lines, three times the details', async () => {
    const layout = await layoutPoster(canvasSize(), lines, palette);
    const size = (role: string) => layout.blocks.find((b) => b.role === role)!.rendered.sizePx;
    expect(size('headline')).toBeGreaterThanOrEqual(2 * size('subtitle'));
    expect(size('headline')).toBeGreaterThanOrEqual(3 * size('detail'));
  });

  it('wraps a very long text into several lines instead of overflowing', async () => {
    const long =
      'The quick brown fox jumps over the lazy dog while the whole town watches from the hill and nobody says a word about it';
    const canvas = canvasSize();
    const layout = await layoutPoster(canvas, splitPosterLines(long), PALETTES.minimal);
    const head = layout.blocks[0]!;
    expect(head.rendered.height).toBeGreaterThan(head.rendered.sizePx * 3);
    insideMargins(layout);
    const zh = '春季骑行节将于四月在奥林匹克公园举行欢迎所有热爱骑行的朋友带上家人一起来参加';
    const wide = await layoutPoster(canvasSize({ w: 4, h: 1 }), splitPosterLines(zh), palette);
    expect(wide.blocks[0]!.rendered.height).toBeGreaterThan(wide.blocks[0]!.rendered.sizePx * 1.5);
    insideMargins(wide);
  });
});
