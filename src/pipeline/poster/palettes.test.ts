import { describe, expect, it } from 'vitest';
import { MIN_CONTRAST, contrastRatio, parseHex } from './contrast.js';
import { PALETTES, choosePalette, styleRequest } from './palettes.js';

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
    ['做一张海报，要有秋天的感觉', 'autumn'],
    ['make it feel like autumn', 'autumn'],
    ['a fall poster', 'autumn'],
    ['冬天的感觉', 'winter'],
    ['a winter poster', 'winter'],
    ['a spring poster', 'spring'],
    ['春天风格', 'spring'],
    ['做一张春节海报', 'festive'],
    ['a spring festival poster', 'festive'],
    ['a summer poster', 'ocean'],
    ['霓虹灯风格', 'neon'],
    ['a cyberpunk poster', 'cyberpunk'],
    ['赛博朋克风', 'cyberpunk'],
    ['a vintage poster', 'vintage'],
    ['怀旧风格', 'vintage'],
    ['in pastel colours', 'pastel'],
    ['马卡龙色', 'pastel'],
    ['a dark poster', 'dark'],
    ['简约风格', 'minimal'],
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

  it.each([
    ['make a poster in a steampunk style', [], ['steampunk']],
    ['a steampunk poster', [], ['steampunk']],
    ['make a poster in an art deco style', [], ['art deco']],
    ['做一张蒸汽朋克风格的海报', [], ['蒸汽朋克']],
    ['做一张水墨风的海报', [], ['水墨']],
    ['make a poster in a retro style', ['retro'], []],
    ['make a poster , retro style', ['retro'], []],
    ['make a poster , make it feel like autumn', ['autumn'], []],
    ['做一张秋天风格的海报', ['秋天'], []],
    ['做一张海报，要有秋天的感觉', ['秋天'], []],
    ['做一个赛博朋克风格的海报', ['赛博朋克'], []],
    ['make a poster in this style', [], []],
    ['make a poster', [], []],
  ])('%s: known %j, unknown %j', (instruction, known, unknown) => {
    expect(styleRequest(instruction)).toEqual({ known, unknown });
  });
});
