import { describe, expect, it } from 'vitest';
import { parseParams } from '../../pipeline/router/params.js';
import { withSeed } from './web-messages.js';

describe('withSeed: a rerolled instruction shows the seed it runs with', () => {
  it.each([
    ['a cat --seed 7', 'a cat --seed 99', 99],
    ['a cat --seed=7 --ar 16:9', 'a cat --seed=99 --ar 16:9', 99],
    ['a cat —seed 7', 'a cat —seed 99', 99],
    ['一只猫，水彩 ——seed 7', '一只猫，水彩 ——seed 99', 99],
    ['a cat', 'a cat', undefined],
    // Quoted text is a caption the router leaves alone, and so does this.
    ['a sign that says "--seed 7"', 'a sign that says "--seed 7"', undefined],
  ])('%s', (text, shown, seed) => {
    expect(withSeed(text, 99)).toBe(shown);
    // What the bubble shows reads back as the seed the job ran with.
    expect(parseParams(shown).params.seed).toBe(seed);
  });
});
