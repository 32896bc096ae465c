import { describe, expect, it } from 'vitest';
import { fittedBackground, plainBackground } from './background.js';
import { luminancesIn, type Box } from './contrast.js';
import { canvasSize, orientationOf } from './layout.js';
import { PALETTES } from './palettes.js';

/** Luminance range inside a box: a smooth gradient stays within a few percent. */
function spreadIn(image: Parameters<typeof luminancesIn>[0], box: Box): number {
  const lums = luminancesIn(image, box);
  return lums[lums.length - 1]! - lums[0]!;
}

describe('plainBackground', () => {
  it.each([0, 1, 2])('composition %i: right size, shapes drawn, none inside the text box', async (seed) => {
    const canvas = canvasSize({ w: 3, h: 4 }, 800);
    const textBox = { left: 80, top: 400, width: 440, height: 260 };
    const image = await plainBackground({
      canvas,
      orientation: orientationOf(canvas),
      margin: 56,
      textBox,
      palette: PALETTES.minimal,
      seed,
    });
    expect([image.width, image.height, image.channels]).toEqual([600, 800, 3]);
    // Shapes make the whole poster far from uniform...
    expect(spreadIn(image, { left: 0, top: 0, width: 600, height: 800 })).toBeGreaterThan(0.2);
    // ...while behind the text there is only the (nearly flat) gradient; a dark shape there would spread ~0.8.
    expect(spreadIn(image, textBox)).toBeLessThan(0.08);
  });
});

describe('fittedBackground', () => {
  it('covers the canvas from a square image', async () => {
    const square = { data: new Uint8Array(64 * 64 * 3).fill(90), width: 64, height: 64, channels: 3 as const };
    const out = await fittedBackground(square, { width: 400, height: 100 }, PALETTES.ocean);
    expect([out.width, out.height]).toEqual([400, 100]);
  });
});
