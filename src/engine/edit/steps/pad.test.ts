import { describe, expect, it } from 'vitest';
import { pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { pad, padSize } from './pad.js';

describe('pad', () => {
  it('widens to the ratio with the picture intact in the middle', async () => {
    expect(padSize(300, 200, { w: 16, h: 9 })).toEqual({ width: 356, height: 200 });
    const input = testPhoto(300, 200);
    const out = await pad(input, { w: 16, h: 9 }, 'white');
    expect([out.width, out.height]).toEqual([356, 200]);
    expect(pixel(out, 0, 100)).toEqual([255, 255, 255]);
    expect(pixel(out, 28 + 10, 50)).toEqual(pixel(input, 10, 50));
    const blurred = await pad(input, { w: 1, h: 2 }, 'blur');
    expect([blurred.width, blurred.height]).toEqual([300, 600]);
    expect(pixel(blurred, 10, 200 + 50)).toEqual(pixel(input, 10, 50));
    expect(pixel(blurred, 10, 5)).not.toEqual([0, 0, 0]);
  });
});
