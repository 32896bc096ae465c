import { describe, expect, it } from 'vitest';
import { pixel, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { background } from './background.js';

const W = 60;
const H = 40;
const mask = new Uint8Array(W * H);
for (let y = 10; y < 30; y += 1) for (let x = 20; x < 40; x += 1) mask[y * W + x] = 255;

describe('background', () => {
  const input = testPhoto(W, H);
  it('remove: alpha is the mask', async () => {
    const out = await background(input, 'remove', mask);
    expect(out.channels).toBe(4);
    expect(pixel(out, 0, 0)[3]).toBe(0);
    expect(pixel(out, 30, 20)).toEqual([...pixel(input, 30, 20), 255]);
  });
  it('color, blur and gradient keep the foreground and replace the rest', async () => {
    const colored = await background(input, 'color', mask, 'red');
    expect(pixel(colored, 0, 0)).toEqual([214, 40, 40]);
    expect(pixel(colored, 30, 20)).toEqual(pixel(input, 30, 20));
    const blurred = await background(input, 'blur', mask);
    expect(pixel(blurred, 30, 20)).toEqual(pixel(input, 30, 20));
    expect(pixel(blurred, 2, 2)).not.toEqual(pixel(input, 2, 2));
    const gradient = await background(input, 'replace', mask);
    expect(pixel(gradient, 0, 0)).not.toEqual(pixel(gradient, 0, H - 1));
  });
});
