import { describe, expect, it } from 'vitest';
import { meanLuma, lumaStd, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { adjust } from './adjust.js';

describe('adjust', () => {
  const input = testPhoto(60, 40);
  it('brightness moves the mean luma up or down', async () => {
    expect(meanLuma(await adjust(input, 'brightness', 0.3))).toBeGreaterThan(meanLuma(input) + 10);
    expect(meanLuma(await adjust(input, 'brightness', -0.3))).toBeLessThan(meanLuma(input) - 10);
  });
  it('contrast widens or narrows the spread', async () => {
    expect(lumaStd(await adjust(input, 'contrast', 0.4))).toBeGreaterThan(lumaStd(input) * 1.2);
    expect(lumaStd(await adjust(input, 'contrast', -0.4))).toBeLessThan(lumaStd(input) * 0.8);
  });
  it('saturation -1 is grey; warmth shifts red against blue', async () => {
    const grey = await adjust(input, 'saturation', -1);
    const [r, g, b] = pixel(grey, 10, 10) as [number, number, number];
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(1);
    const warm = await adjust(
      { data: new Uint8Array([100, 100, 100]), width: 1, height: 1, channels: 3 },
      'warmth',
      0.5,
    );
    expect(warm.data[0]!).toBeGreaterThan(100);
    expect(warm.data[2]!).toBeLessThan(100);
  });
});
