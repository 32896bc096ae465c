import { describe, expect, it } from 'vitest';
import { flat, meanLuma, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { watercolor } from './watercolor.js';

describe('watercolor', () => {
  it('lightens pigment and shows paper texture', async () => {
    const dark = flat(200, 150, [60, 60, 120]);
    const out = await watercolor(dark);
    expect(meanLuma(out)).toBeGreaterThan(meanLuma(dark) + 15);
    expect(new Set(Array.from(out.data)).size).toBeGreaterThan(10);
    const photo = await watercolor(testPhoto(300, 200));
    expect([photo.width, photo.height]).toEqual([300, 200]);
  });
});
