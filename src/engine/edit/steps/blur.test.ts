import { describe, expect, it } from 'vitest';
import { detail, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { blur } from './blur.js';

describe('blur', () => {
  it('removes fine detail, more with a larger sigma, at the same size', async () => {
    const input = testPhoto(1000, 500);
    const soft = await blur(input, 1);
    const softer = await blur(input, 6);
    expect([soft.width, soft.height]).toEqual([1000, 500]);
    expect(detail(soft)).toBeLessThan(detail(input) * 0.7);
    expect(detail(softer)).toBeLessThan(detail(soft));
  });
});
