import { describe, expect, it } from 'vitest';
import { pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { centreCropBox, crop } from './crop.js';

describe('crop', () => {
  it('centre-crops to an aspect ratio', async () => {
    expect(centreCropBox(400, 200, { w: 1, h: 1 })).toEqual({ left: 100, top: 0, width: 200, height: 200 });
    expect(centreCropBox(400, 200, { w: 9, h: 16 })).toEqual({ left: 143, top: 0, width: 113, height: 200 });
    const input = testPhoto(400, 200);
    const out = await crop(input, { aspect: { w: 1, h: 1 } });
    expect(pixel(out, 0, 0)).toEqual(pixel(input, 100, 0));
  });
  it('crops to a 0-1000 box', async () => {
    const out = await crop(testPhoto(400, 200), { box: [0, 0, 500, 500] });
    expect([out.width, out.height]).toEqual([200, 100]);
  });
});
