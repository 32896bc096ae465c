import { describe, expect, it } from 'vitest';
import { distinctColours, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { pixelArt } from './pixel-art.js';

describe('pixelArt', () => {
  it('few colours, in blocks, at the original size', async () => {
    const out = await pixelArt(testPhoto(960, 640));
    expect([out.width, out.height]).toEqual([960, 640]);
    expect(distinctColours(out)).toBeLessThanOrEqual(16);
    // Blocks are 10 px: the pixels inside one block agree.
    expect(pixel(out, 301, 301)).toEqual(pixel(out, 308, 308));
  });
});
