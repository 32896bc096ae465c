import { describe, expect, it } from 'vitest';
import { flat, lumaStd, pixel } from '../../../../test/helpers/engine/test-photo.js';
import { oldPhoto, vintage } from './vintage.js';

describe('aged looks', () => {
  it('old photo: sepia, darker corners than centre, grain on a flat image, and repeatable', async () => {
    const input = flat(300, 200, [128, 128, 128]);
    const out = await oldPhoto(input);
    const [r, g, b] = pixel(out, 150, 100) as [number, number, number];
    expect(r).toBeGreaterThan(b);
    expect(g).toBeGreaterThan(b);
    const corner = pixel(out, 1, 1)[0]!;
    expect(corner).toBeLessThan(r - 20);
    expect(lumaStd(out)).toBeGreaterThan(3);
    expect(Buffer.from((await oldPhoto(input)).data).equals(Buffer.from(out.data))).toBe(true);
  });

  it('vintage keeps some colour', async () => {
    const out = await vintage(flat(100, 100, [40, 160, 40]));
    const [r, g] = pixel(out, 50, 50) as [number, number];
    expect(g).toBeGreaterThan(r + 20);
  });
});
