import { describe, expect, it } from 'vitest';
import { article, fill, slotsOf } from './i18n.js';

describe('fill', () => {
  it('fills every slot, each as often as it appears', () => {
    expect(fill('Seed {seed}: add --seed {seed}.', { seed: 7 })).toBe('Seed 7: add --seed 7.');
  });

  it('leaves a slot without a value as written, and never reads inherited names', () => {
    expect(fill('{a} and {constructor}', { a: 'x' })).toBe('x and {constructor}');
  });

  it('lists the slots in order', () => {
    expect(slotsOf('{given} is outside {min}-{max}')).toEqual(['given', 'min', 'max']);
    expect(slotsOf('no slots {}')).toEqual([]);
  });
});

describe('article', () => {
  it('says "an" before a vowel', () => {
    expect(article('apple')).toBe('an');
    expect(article('dog')).toBe('a');
  });
});
