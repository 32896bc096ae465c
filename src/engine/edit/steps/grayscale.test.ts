import { describe, expect, it } from 'vitest';
import { testPhoto, pixel } from '../../../../test/helpers/engine/test-photo.js';
import { grayscale } from './grayscale.js';

describe('grayscale', () => {
  it('sets all three channels to the same luma and keeps alpha', async () => {
    const input = testPhoto(50, 30, 4);
    const out = await grayscale(input);
    for (let j = 0; j < out.data.length; j += 4) {
      expect(out.data[j + 1]).toBe(out.data[j]);
      expect(out.data[j + 2]).toBe(out.data[j]);
      expect(out.data[j + 3]).toBe(input.data[j + 3]);
    }
    const red = await grayscale({ data: new Uint8Array([255, 0, 0]), width: 1, height: 1, channels: 3 });
    expect(pixel(red, 0, 0)).toEqual([76, 76, 76]);
  });
});
