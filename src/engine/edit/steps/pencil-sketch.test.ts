import { describe, expect, it } from 'vitest';
import { pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { pencilSketch } from './pencil-sketch.js';

describe('pencilSketch', () => {
  it('is grey, paper-white in flat areas and dark along edges', async () => {
    const input = testPhoto(400, 300);
    const out = await pencilSketch(input);
    for (let j = 0; j < out.data.length; j += 3) expect(out.data[j + 1]).toBe(out.data[j]);
    expect(pixel(out, 140, 120)[0]).toBeGreaterThan(235);
    // The left rim of the red disc (centre 140,120, radius 75).
    let darkest = 255;
    for (let x = 60; x < 72; x += 1) darkest = Math.min(darkest, pixel(out, x, 120)[0]!);
    expect(darkest).toBeLessThan(200);
  });
});
