import { describe, expect, it } from 'vitest';
import { invert } from './invert.js';

describe('invert', () => {
  it('negates colour and keeps alpha', async () => {
    const out = await invert({ data: new Uint8Array([0, 100, 255, 7]), width: 1, height: 1, channels: 4 });
    expect(Array.from(out.data)).toEqual([255, 155, 0, 7]);
  });
});
