import { describe, expect, it } from 'vitest';
import { flat, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { rotate, straightenScale } from './rotate.js';

describe('rotate', () => {
  it('turns 90 degrees clockwise losslessly', async () => {
    const input = testPhoto(30, 20);
    const out = await rotate(input, 90);
    expect([out.width, out.height]).toEqual([20, 30]);
    // Clockwise: the top-left pixel goes to the top-right.
    expect(pixel(out, 19, 0)).toEqual(pixel(input, 0, 0));
    expect(pixel(await rotate(input, -90), 0, 29)).toEqual(pixel(input, 0, 0));
  });

  it('straightens other angles: same size, no empty corners', async () => {
    const out = await rotate(flat(300, 200, [200, 200, 200]), 12);
    expect([out.width, out.height]).toEqual([300, 200]);
    for (const [x, y] of [
      [0, 0],
      [299, 0],
      [0, 199],
      [299, 199],
    ] as const)
      expect(pixel(out, x, y)[0]).toBeGreaterThan(190);
    expect(straightenScale(300, 200, 0)).toBe(1);
    expect(straightenScale(300, 200, 12)).toBeLessThan(1);
  });
});
