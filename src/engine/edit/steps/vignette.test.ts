import { describe, expect, it } from 'vitest';
import { vignette } from './vignette.js';

function grey(width: number, height: number, channels: 3 | 4 = 3) {
  const data = new Uint8Array(width * height * channels).fill(200);
  return { data, width, height, channels };
}

describe('vignette', () => {
  it('keeps the centre, darkens the corners most, at any aspect ratio', async () => {
    for (const [w, h] of [
      [101, 101],
      [300, 75],
      [40, 160],
    ] as const) {
      const out = await vignette(grey(w, h));
      const at = (x: number, y: number) => out.data[(y * w + x) * 3]!;
      const centre = at(Math.floor(w / 2), Math.floor(h / 2));
      const edge = at(w - 1, Math.floor(h / 2));
      const corner = at(w - 1, h - 1);
      expect(centre).toBe(200);
      expect(edge).toBeLessThan(centre);
      expect(corner).toBeLessThan(edge);
      expect(corner).toBe(Math.round(200 * (1 - 0.45)));
      // Symmetric: opposite corners match.
      expect(at(0, 0)).toBe(corner);
    }
  });

  it('keeps alpha and does nothing at strength 0', async () => {
    const rgba = grey(20, 10, 4);
    rgba.data[3] = 9;
    const out = await vignette(rgba);
    expect(out.channels).toBe(4);
    expect(out.data[3]).toBe(9);
    expect(Array.from((await vignette(grey(20, 10), 0)).data)).toEqual(Array.from(grey(20, 10).data));
  });
});
