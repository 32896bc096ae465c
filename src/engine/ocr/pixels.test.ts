import { describe, expect, it } from 'vitest';
import { toRgb } from './pixels.js';

describe('toRgb', () => {
  it('passes RGB through and composites RGBA over white', () => {
    const rgb = { data: new Uint8Array([1, 2, 3]), width: 1, height: 1, channels: 3 as const };
    expect(toRgb(rgb).data).toBe(rgb.data);
    const rgba = new Uint8Array([0, 0, 0, 255, 0, 0, 0, 0, 100, 0, 0, 128]);
    const out = toRgb({ data: rgba, width: 3, height: 1, channels: 4 });
    expect([...out.data]).toEqual([0, 0, 0, 255, 255, 255, 177, 127, 127]);
  });

  it('rejects data shorter than the declared size', () => {
    expect(() => toRgb({ data: new Uint8Array(5), width: 2, height: 1, channels: 3 })).toThrow(RangeError);
  });
});
