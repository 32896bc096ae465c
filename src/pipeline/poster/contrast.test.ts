import { describe, expect, it } from 'vitest';
import { contrastRatio, luminancesIn, parseHex, toHex, worstContrast } from './contrast.js';

describe('WCAG contrast', () => {
  it('matches the published reference values', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBeCloseTo(1, 5);
    // #777777 on white is the classic near miss of AA: 4.48.
    expect(contrastRatio(parseHex('#777777'), parseHex('#ffffff'))).toBeCloseTo(4.48, 2);
    expect(toHex(parseHex('#1f2a44'))).toBe('#1f2a44');
  });

  it('measures the worst background a text meets, ignoring a 2% speck share', () => {
    const white = [255, 255, 255] as const;
    const half = new Float64Array(100).fill(0);
    half.fill(1, 50);
    // Light text on a half-white background: part of it is as light as the text.
    expect(worstContrast(white, half)).toBe(1);
    const specks = new Float64Array(100).fill(0);
    specks[99] = 1;
    expect(worstContrast(white, specks.sort())).toBeCloseTo(21, 5);
  });

  it('reads luminances inside a box, clipped to the image', () => {
    const data = new Uint8Array(4 * 4 * 3);
    data.fill(255, 0, 2 * 4 * 3); // top two rows white
    const lums = luminancesIn({ data, width: 4, height: 4, channels: 3 }, { left: -2, top: 1, width: 10, height: 2 });
    expect(lums.length).toBe(8);
    expect(lums[0]).toBe(0);
    expect(lums[7]).toBeCloseTo(1, 6);
  });
});
