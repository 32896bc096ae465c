import { describe, expect, it } from 'vitest';
import { drawAnnotations, regionsToAnnotations, toBox1000 } from './annotate.js';

describe('toBox1000', () => {
  it('maps pixel boxes to 0-1000 per axis, rounded and clamped', () => {
    expect(toBox1000([0, 0, 800, 600], 800, 600)).toEqual([0, 0, 1000, 1000]);
    expect(toBox1000([200, 150, 400, 300], 800, 600)).toEqual([250, 250, 500, 500]);
    expect(toBox1000([-5, 10, 900, 600], 800, 600)).toEqual([0, 17, 1000, 1000]);
  });
});

describe('drawAnnotations', () => {
  it('draws coloured outlines on the boxes and leaves far-away pixels alone', async () => {
    const width = 200;
    const height = 100;
    const image = { data: new Uint8Array(width * height * 3).fill(255), width, height, channels: 3 as const };
    const annotations = regionsToAnnotations(
      [{ label: 'HELLO', score: 0.9, box: [50, 40, 150, 80] }],
      'text',
      width,
      height,
    );
    const drawn = await drawAnnotations(image, annotations);
    expect(drawn).toMatchObject({ width, height, channels: 3 });
    const at = (x: number, y: number) => Array.from(drawn.data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
    expect(at(100, 80)).not.toEqual([255, 255, 255]); // on the bottom edge
    expect(at(5, 95)).toEqual([255, 255, 255]);
    expect(at(100, 60)).toEqual([255, 255, 255]); // inside the box, away from the outline
  });
});
