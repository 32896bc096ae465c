import { describe, expect, it } from 'vitest';
import { testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { recolor } from './recolor.js';

describe('recolor', () => {
  it('moves masked pixels toward the colour, keeps their detail, leaves the rest byte-identical', () => {
    const input = testPhoto(100, 80);
    const mask = new Uint8Array(100 * 80);
    for (let y = 0; y < 80; y += 1) for (let x = 0; x < 50; x += 1) mask[y * 100 + x] = 255;
    const out = recolor(input, { r: 29, g: 78, b: 216 }, mask);
    let inside = 0;
    const lumaIn: number[] = [];
    const lumaOut: number[] = [];
    for (let i = 0; i < 100 * 80; i += 1) {
      const j = i * 3;
      if (mask[i] === 0) {
        expect([out.data[j], out.data[j + 1], out.data[j + 2]]).toEqual([
          input.data[j],
          input.data[j + 1],
          input.data[j + 2],
        ]);
        continue;
      }
      if (out.data[j + 2]! > out.data[j]! + 30) inside += 1;
      lumaIn.push(input.data[j]! * 0.299 + input.data[j + 1]! * 0.587 + input.data[j + 2]! * 0.114);
      lumaOut.push(out.data[j]! * 0.299 + out.data[j + 1]! * 0.587 + out.data[j + 2]! * 0.114);
    }
    expect(inside / lumaIn.length).toBeGreaterThan(0.9);
    // Luminance detail survives: brighter inputs stay brighter.
    const order = (a: number[]) => a.map((_, i) => i).sort((p, q) => a[p]! - a[q]!);
    const rank = order(lumaIn);
    expect(lumaOut[rank.at(-1)!]!).toBeGreaterThan(lumaOut[rank[0]!]! + 40);
  });

  it('changes nothing where the soft mask is below half: the feather lies inside the outline', () => {
    const input = testPhoto(60, 10);
    const mask = new Uint8Array(60 * 10);
    // A soft edge across the columns: 0 at x=0 up to 255 at x=59.
    for (let y = 0; y < 10; y += 1) for (let x = 0; x < 60; x += 1) mask[y * 60 + x] = Math.round((x * 255) / 59);
    const out = recolor(input, { r: 29, g: 78, b: 216 }, mask);
    let changedInside = 0;
    for (let i = 0; i < 60 * 10; i += 1) {
      const same = [0, 1, 2].every((c) => out.data[i * 3 + c] === input.data[i * 3 + c]);
      if (mask[i]! < 128) expect(same).toBe(true);
      else if (!same) changedInside += 1;
    }
    expect(changedInside).toBeGreaterThan(0.9 * 10 * 29);
  });
});
