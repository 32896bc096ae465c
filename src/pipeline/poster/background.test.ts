import { describe, expect, it } from 'vitest';
import { fittedBackground, plainBackground, plainBackgroundSvg, stripeShift } from './background.js';
import { luminancesIn, type Box } from './contrast.js';
import { canvasSize, orientationOf } from './layout.js';
import { PALETTES } from './palettes.js';

/** Luminance range inside a box: a smooth gradient stays within a few percent. */
function spreadIn(image: Parameters<typeof luminancesIn>[0], box: Box): number {
  const lums = luminancesIn(image, box);
  return lums[lums.length - 1]! - lums[0]!;
}

/** Neighbouring pixels inside a box that differ by more than a gradient ever steps (a shape's edge). */
function edgesIn(image: Parameters<typeof luminancesIn>[0], box: Box): number {
  let edges = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left + 1; x < box.left + box.width; x++) {
      const i = (y * image.width + x) * 3;
      for (let c = 0; c < 3; c++) if (Math.abs(image.data[i + c]! - image.data[i - 3 + c]!) > 12) edges += 1;
    }
  }
  return edges;
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

describe('style motifs', () => {
  it.each(['autumn', 'winter', 'spring', 'ocean', 'retro', 'vintage', 'neon', 'cyberpunk', 'dark'] as const)(
    '%s: its own motif, drawn around the text and never behind it',
    async (name) => {
      const canvas = canvasSize({ w: 3, h: 4 }, 800);
      const textBox = { left: 80, top: 380, width: 440, height: 220 };
      const palette = PALETTES[name];
      const plan = { canvas, orientation: orientationOf(canvas), margin: 56, textBox, palette, seed: 3 };
      expect(plainBackgroundSvg(plan)).not.toBe(plainBackgroundSvg({ ...plan, palette: PALETTES.sunrise }));
      const image = await plainBackground(plan);
      expect(spreadIn(image, { left: 0, top: 0, width: 600, height: 800 })).toBeGreaterThan(0.15);
      // Behind the text only the smooth gradient: no shape edge (a jump between neighbouring pixels).
      expect(edgesIn(image, textBox)).toBe(0);
    },
  );
});

describe('stripes', () => {
  it('are moved clear of the text box as a whole, never clipped by it', async () => {
    const canvas = canvasSize({ w: 16, h: 9 }, 1200);
    const textBox = { left: 80, top: 200, width: 620, height: 220 };
    // Sunrise has no motif of its own, so the seed's compositions apply.
    const plan = {
      canvas,
      orientation: orientationOf(canvas),
      margin: 64,
      textBox,
      palette: PALETTES.sunrise,
      seed: 2,
    };
    const svg = plainBackgroundSvg(plan);
    expect(svg).toContain('<line');
    expect(svg).not.toContain('clip');
    const image = await plainBackground(plan);
    // Around the text (plus the gap) only the pale gradient: no saturated stripe colour.
    const gap = Math.ceil(64 * 0.45);
    let chroma = 0;
    for (let y = 200 - gap; y < 420 + gap; y++) {
      for (let x = 80 - gap; x < 700 + gap; x++) {
        const i = (y * image.width + x) * 3;
        const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
        chroma = Math.max(chroma, Math.max(r, g, b) - Math.min(r, g, b));
      }
    }
    expect(chroma).toBeLessThan(80);
    // The stripes are there, beside the text.
    expect(spreadIn(image, { left: 800, top: 0, width: 400, height: 675 })).toBeGreaterThan(0.2);
  });

  it('shift only when they would cross the box, away from it', () => {
    const box = { left: 0, top: 0, width: 100, height: 100 };
    expect(stripeShift({ cx: 500, cy: 500 }, box, 10, 20)).toBe(0);
    const shift = stripeShift({ cx: 120, cy: 50 }, box, 10, 20);
    expect(shift).toBeGreaterThan(0);
    // Moved by `shift`, the nearest box corner is at least half the bands' width away.
    const along = (x: number, y: number) => (x - 120 + (y - 50)) / Math.SQRT2 - shift;
    expect(Math.max(along(110, 110), along(-10, 110), along(110, -10))).toBeLessThanOrEqual(
      -((1.6 * 20) / Math.SQRT2 + 10) + 1e-9,
    );
  });
});

describe('fittedBackground', () => {
  it('covers the canvas from a square image', async () => {
    const square = { data: new Uint8Array(64 * 64 * 3).fill(90), width: 64, height: 64, channels: 3 as const };
    const out = await fittedBackground(square, { width: 400, height: 100 }, PALETTES.ocean);
    expect([out.width, out.height]).toEqual([400, 100]);
  });
});
