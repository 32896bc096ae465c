import { describe, expect, it } from 'vitest';
import { testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { MAX_OUTPUT_PIXELS, resize, scale, sizeForLongSide } from './resize.js';

describe('resize and scale', () => {
  it('keeps the aspect ratio', async () => {
    const out = await resize(testPhoto(300, 100), 150);
    expect([out.width, out.height]).toEqual([150, 50]);
    const up = await scale(testPhoto(30, 20), 2);
    expect([up.width, up.height]).toEqual([60, 40]);
  });
  it('never makes more than the output limit', () => {
    const s = sizeForLongSide(6000, 6000, 12000);
    expect(s.width * s.height).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS);
  });
});
