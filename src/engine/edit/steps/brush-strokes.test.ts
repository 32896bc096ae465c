import { describe, expect, it } from 'vitest';
import { flat, lumaStd, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { brushStrokes } from './brush-strokes.js';

describe('brushStrokes', () => {
  it('adds stroke texture to a flat image and keeps the size of any photo', async () => {
    const out = await brushStrokes(flat(200, 120, [90, 120, 200]));
    expect(lumaStd(out)).toBeGreaterThan(2);
    const photo = await brushStrokes(testPhoto(170, 310));
    expect([photo.width, photo.height]).toEqual([170, 310]);
  });
});
