import { describe, expect, it } from 'vitest';
import { distinctColours, pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { cartoon } from './cartoon.js';

describe('cartoon', () => {
  it('flattens colours and inks the edges', async () => {
    const input = testPhoto(400, 300);
    const out = await cartoon(input);
    expect(distinctColours(out)).toBeLessThan(distinctColours(input) / 4);
    let darkest = 255;
    for (let x = 60; x < 72; x += 1) darkest = Math.min(darkest, Math.max(...pixel(out, x, 120)));
    expect(darkest).toBeLessThan(120);
  });
});
