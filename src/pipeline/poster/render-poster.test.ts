import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../engine/types.js';
import { noiseSource } from '../../engine/edit/raw.js';
import { plainBackground } from './background.js';
import { MIN_CONTRAST, contrastOfLuminances, luminance, parseHex, type Box } from './contrast.js';
import { canvasSize, layoutPoster, type Canvas } from './layout.js';
import { PALETTES, type Palette } from './palettes.js';
import { splitPosterLines } from './poster-text.js';
import { composePoster } from './render-poster.js';

/**
 * Contrast measured on the output alone: glyph pixels are those of the text colour;
 * the background is every pixel of the box more than 2 px from any glyph pixel
 * (anti-aliased edges excluded), taken at its 2nd percentile nearest the text.
 */
function measuredContrast(image: RawImage, box: Box, color: string): { contrast: number; glyphShare: number } {
  const [r, g, b] = parseHex(color);
  const { width, channels, data } = image;
  const w = box.width;
  const h = box.height;
  const glyph = new Uint8Array(w * h);
  let glyphs = 0;
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const i = ((box.top + y) * width + box.left + x) * channels;
      if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) <= 12) {
        glyph[y * w + x] = 1;
        glyphs += 1;
      }
    }
  }
  const lums: number[] = [];
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      let near = false;
      for (let dy = -2; dy <= 2 && !near; dy += 1) {
        for (let dx = -2; dx <= 2 && !near; dx += 1) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w && glyph[yy * w + xx]) near = true;
        }
      }
      if (near) continue;
      const i = ((box.top + y) * width + box.left + x) * channels;
      lums.push(luminance([data[i]!, data[i + 1]!, data[i + 2]!]));
    }
  }
  lums.sort((a, c) => a - c);
  const t = luminance([r, g, b]);
  const k = Math.floor(lums.length * 0.02);
  const darkest = lums[k] ?? 0;
  const lightest = lums[lums.length - 1 - k] ?? 1;
  const contrast =
    t <= darkest ? contrastOfLuminances(t, darkest) : t >= lightest ? contrastOfLuminances(t, lightest) : 1;
  return { contrast, glyphShare: glyphs / (w * h) };
}

/** A busy photo-like background: blocks of random colours from black to white. */
function busyBackground(canvas: Canvas): RawImage {
  const random = noiseSource(7);
  const data = new Uint8Array(canvas.width * canvas.height * 3);
  const cell = 24;
  for (let y = 0; y < canvas.height; y += cell) {
    for (let x = 0; x < canvas.width; x += cell) {
      const c = [random() * 255, random() * 255, random() * 255];
      for (let yy = y; yy < Math.min(canvas.height, y + cell); yy += 1) {
        for (let xx = x; xx < Math.min(canvas.width, x + cell); xx += 1) data.set(c, (yy * canvas.width + xx) * 3);
      }
    }
  }
  return { data, width: canvas.width, height: canvas.height, channels: 3 };
}

const lines = splitPosterLines('春季骑行节 Spring Ride Festival / April 12, 9am');

async function plainPoster(palette: Palette, aspect = { w: 3, h: 4 }, seed = 0) {
  const canvas = canvasSize(aspect, 800);
  const layout = await layoutPoster(canvas, lines, palette);
  const background = await plainBackground({ ...layout, palette, seed });
  return { layout, poster: await composePoster(layout, palette, background, { busyCheck: false }) };
}

describe('composePoster', () => {
  it.each([
    ['spring', 0],
    ['neon', 1],
    ['festive', 2],
    ['minimal', 2],
    ['autumn', 0],
    ['winter', 1],
    ['ocean', 2],
    ['retro', 0],
    ['vintage', 1],
    ['cyberpunk', 2],
    ['pastel', 0],
    ['dark', 1],
  ] as const)('%s (composition %i): every text reads at >= 4.5:1, measured on the output', async (name, seed) => {
    const { poster } = await plainPoster(PALETTES[name], { w: 3, h: 4 }, seed);
    expect(poster.texts).toHaveLength(3);
    for (const t of poster.texts) {
      const m = measuredContrast(poster.image, t.box, t.color);
      expect(m.glyphShare).toBeGreaterThan(0.05);
      expect(m.contrast).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(t.contrast).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
    // A plain designed background keeps its shapes off the text: no panel needed.
    expect(poster.panels).toEqual([]);
  });

  it('puts a panel behind text on a busy background and still reads at >= 4.5:1', async () => {
    const palette = PALETTES.sunrise;
    const canvas = canvasSize({ w: 1, h: 1 }, 800);
    const layout = await layoutPoster(canvas, lines, palette);
    const poster = await composePoster(layout, palette, busyBackground(canvas), { busyCheck: true });
    expect(poster.panels.length).toBeGreaterThanOrEqual(1);
    for (const t of poster.texts) {
      expect(measuredContrast(poster.image, t.box, t.color).contrast).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it('draws no panel on a calm generated background that already reads', async () => {
    const palette = PALETTES.minimal;
    const canvas = canvasSize({ w: 4, h: 1 }, 800);
    const layout = await layoutPoster(canvas, lines, palette);
    const calm: RawImage = { data: new Uint8Array(canvas.width * canvas.height * 3).fill(240), ...canvas, channels: 3 };
    const poster = await composePoster(layout, palette, calm, { busyCheck: true });
    expect(poster.panels).toEqual([]);
    expect(poster.image.width).toBe(800);
    expect(poster.image.height).toBe(200);
  });

  it('keeps the colours of emoji when the text is recoloured for contrast', async () => {
    const palette = PALETTES.minimal;
    const canvas = canvasSize({ w: 3, h: 4 }, 800);
    const layout = await layoutPoster(canvas, splitPosterLines('Party 🎉🎈'), palette);
    const flat: RawImage = { data: new Uint8Array(canvas.width * canvas.height * 3).fill(245), ...canvas, channels: 3 };
    const poster = await composePoster(layout, palette, flat, { busyCheck: false });
    expect(layout.droppedEmoji).toEqual([]);
    const box = poster.texts[0]!.box;
    let coloured = 0;
    for (let y = box.top; y < box.top + box.height; y++) {
      for (let x = box.left; x < box.left + box.width; x++) {
        const i = (y * canvas.width + x) * 3;
        const [r, g, b] = [poster.image.data[i]!, poster.image.data[i + 1]!, poster.image.data[i + 2]!];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
      }
    }
    // The headline is near-black on grey; only the emoji bring colour, about an em square each.
    const em = layout.blocks[0]!.rendered.sizePx;
    expect(coloured).toBeGreaterThan(em * em * 0.4);
  });
});
