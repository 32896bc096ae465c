import { describe, expect, it } from 'vitest';
import { canonicalColor, parseColor } from './colors.js';

describe('colors', () => {
  it('reads English, Chinese and hex colours', () => {
    expect(parseColor('blue')).toEqual({ r: 29, g: 78, b: 216 });
    expect(parseColor('蓝色')).toEqual(parseColor('blue'));
    expect(parseColor('#f00')).toEqual({ r: 255, g: 0, b: 0 });
    expect(parseColor('plaid')).toBeUndefined();
    expect(canonicalColor('红')).toBe('red');
  });
});
