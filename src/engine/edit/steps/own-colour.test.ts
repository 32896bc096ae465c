import { describe, expect, it } from 'vitest';
import type { RawImage } from '../raw.js';
import { ownColourWeights } from './own-colour.js';
import { recolor } from './recolor.js';

/** A 40x20 picture: a red body (left half), black tyres (x 20-29), a grey wall (x 30-39), all in the cut-out. */
function motorcycle(): RawImage {
  const data = new Uint8Array(40 * 20 * 3);
  for (let i = 0; i < 40 * 20; i++) {
    const x = i % 40;
    const rgb = x < 20 ? [200, 30 + (i % 7), 25] : x < 30 ? [18, 18, 20] : [150, 152, 148];
    data.set(rgb, i * 3);
  }
  return { data, width: 40, height: 20, channels: 3 };
}

const BLUE = { r: 29, g: 78, b: 216 };

describe('the object’s own colour', () => {
  it('weights the dominant hue in full and the neutral parts not at all', () => {
    const weights = ownColourWeights(motorcycle(), () => 1)!;
    expect(weights).toBeDefined();
    expect(weights[5]).toBeCloseTo(1, 5); // red body
    expect(weights[25]).toBe(0); // black tyre
    expect(weights[35]).toBe(0); // grey wall
  });

  it('a recolour of a named object changes its paint and leaves tyres and the wall seen through it untouched', () => {
    const image = motorcycle();
    const mask = new Uint8Array(40 * 20).fill(255);
    const out = recolor(image, BLUE, mask, { ownColour: true });
    for (let i = 0; i < 40 * 20; i++) {
      const x = i % 40;
      const before = [...image.data.subarray(i * 3, i * 3 + 3)];
      const after = [...out.data.subarray(i * 3, i * 3 + 3)];
      if (x < 20) expect(after[2]!).toBeGreaterThan(after[0]!);
      else expect(after).toEqual(before);
    }
    // "Make it blue" (the whole picture) still tints everything.
    const whole = recolor(image, BLUE, mask);
    expect([...whole.data.subarray(35 * 3, 35 * 3 + 3)]).not.toEqual([150, 152, 148]);
  });

  it('has no own colour for a grey or many-coloured object: the whole cut-out changes', () => {
    const grey: RawImage = { data: new Uint8Array(10 * 10 * 3).fill(128), width: 10, height: 10, channels: 3 };
    expect(ownColourWeights(grey, () => 1)).toBeUndefined();
    const rainbow = new Uint8Array(36 * 3);
    for (let i = 0; i < 36; i++) {
      const h = i * 10;
      // Fully saturated hues spread around the wheel: no hue holds 30%.
      const c = (n: number) => Math.round(255 * Math.max(0, Math.min(1, Math.abs(((h / 60 + n) % 6) - 3) - 1)));
      rainbow.set([c(0), c(4), c(2)], i * 3);
    }
    expect(ownColourWeights({ data: rainbow, width: 36, height: 1, channels: 3 }, () => 1)).toBeUndefined();
    const out = recolor(grey, BLUE, new Uint8Array(100).fill(255), { ownColour: true });
    expect(out.data[2]!).toBeGreaterThan(out.data[0]!);
  });

  it('looks only at the cut-out: what the mask leaves out has no say and no weight', () => {
    const image = motorcycle();
    // Only the wall and tyres are cut out: they have no dominant hue, so all of the cut-out is the object.
    expect(ownColourWeights(image, (i) => (i % 40 >= 20 ? 1 : 0))).toBeUndefined();
  });
});
