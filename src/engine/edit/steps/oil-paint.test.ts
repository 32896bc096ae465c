import { describe, expect, it } from 'vitest';
import { lumaStd, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { kuwahara, oilPaint } from './oil-paint.js';

describe('oil paint', () => {
  it('Kuwahara keeps a hard edge hard while smoothing noise', async () => {
    const w = 40;
    const h = 20;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i += 1) rgb.fill((i % w < 20 ? 50 : 200) + ((i * 7919) % 11) - 5, i * 3, i * 3 + 3);
    const out = await kuwahara(rgb, w, h, 4);
    const at = (x: number) => out[(10 * w + x) * 3]!;
    expect(Math.abs(at(18) - 50)).toBeLessThan(4);
    expect(Math.abs(at(21) - 200)).toBeLessThan(4);
  });
  it('paints a photo at the same size with less fine texture', async () => {
    const input = testPhoto(300, 200);
    const out = await oilPaint(input);
    expect([out.width, out.height]).toEqual([300, 200]);
    expect(lumaStd(out)).toBeGreaterThan(lumaStd(input) * 0.5);
  });
});
