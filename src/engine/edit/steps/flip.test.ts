import { describe, expect, it } from 'vitest';
import { pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { flip } from './flip.js';

describe('flip', () => {
  it('mirrors pixels exactly', async () => {
    const input = testPhoto(31, 17);
    const h = await flip(input, 'horizontal');
    const v = await flip(input, 'vertical');
    expect(pixel(h, 0, 3)).toEqual(pixel(input, 30, 3));
    expect(pixel(v, 5, 0)).toEqual(pixel(input, 5, 16));
  });
});
