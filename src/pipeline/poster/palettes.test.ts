import { describe, expect, it } from 'vitest';
import { MIN_CONTRAST, contrastRatio, parseHex } from './contrast.js';
import { PALETTES, choosePalette } from './palettes.js';

describe('palettes', () => {
  it.each(Object.values(PALETTES))('$name: headline and body read on both gradient stops', (p) => {
    for (const stop of p.background) {
      expect(contrastRatio(parseHex(p.headline), parseHex(stop))).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrastRatio(parseHex(p.body), parseHex(stop))).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it.each([
    ['make a red poster', 'festive'],
    ['做一张复古风格的海报', 'retro'],
    ['make a minimal poster', 'minimal'],
    ['a neon flyer', 'neon'],
    ['做一张蓝色的海报', 'ocean'],
    ['an elegant black and gold poster', 'elegant'],
  ])('%s -> %s', (instruction, name) => {
    expect(choosePalette(instruction, 'Hello', 0)).toMatchObject({ palette: { name }, reason: 'style' });
  });

  it('tints a mood palette with a colour word', () => {
    const { palette } = choosePalette('a minimal blue poster', 'Hello', 0);
    expect(palette.name).toBe('minimal');
    expect(palette.shapes[0]).toBe(PALETTES.ocean.shapes[0]);
  });

  it('falls back to a theme in the text, then to the seed', () => {
    expect(choosePalette('make a poster', '春季骑行节 Spring Ride Festival', 0)).toMatchObject({
      palette: { name: 'spring' },
      reason: 'theme',
    });
    const a = choosePalette('make a poster', 'Book Fair', 0).palette.name;
    const b = choosePalette('make a poster', 'Book Fair', 1).palette.name;
    expect(a).not.toBe(b);
  });
});
