import { describe, expect, it } from 'vitest';
import { parseAspect, parseParams, validateParams } from './params.js';

const keys = (text: string) => parseParams(text).hints.map((h) => h.key);

describe('parseParams: aspect', () => {
  it.each([
    ['a fox --ar 16:9', { w: 16, h: 9 }],
    ['a fox --aspect 4:3', { w: 4, h: 3 }],
    ['a fox --ar=3:2', { w: 3, h: 2 }],
    ['一只狐狸 --ar 16：9', { w: 16, h: 9 }],
    ['a fox --ar 16 : 9', { w: 16, h: 9 }],
    ['a fox --ar 16x9', { w: 16, h: 9 }],
    ['a fox —ar 2:3', { w: 2, h: 3 }],
    ['一只狐狸 ——ar 2:3', { w: 2, h: 3 }],
    ['a fox --AR 1:1', { w: 1, h: 1 }],
    ['a fox --ar 1920:1080', { w: 16, h: 9 }],
    ['a fox --ar 1.91:1', { w: 1.91, h: 1 }],
    ['a fox --ar square', { w: 1, h: 1 }],
  ])('%s', (text, aspect) => {
    const parsed = parseParams(text);
    expect(parsed.params.aspect).toEqual(aspect);
    expect(parsed.hints).toEqual([]);
    expect(parsed.text).toMatch(/^(a fox|一只狐狸)$/);
  });

  it('clamps ratios outside 1:3..4:1 with a hint', () => {
    const wide = parseParams('a banner --ar 10:1');
    expect(wide.params.aspect).toEqual({ w: 4, h: 1 });
    expect(wide.hints).toEqual([{ key: 'aspect_clamped', values: { given: '10:1', used: '4:1' } }]);
    const tall = parseParams('a tower --ar 1:5');
    expect(tall.params.aspect).toEqual({ w: 1, h: 3 });
    expect(tall.hints[0]?.key).toBe('aspect_clamped');
    expect(parseParams('edge --ar 4:1').hints).toEqual([]);
    expect(parseParams('edge --ar 1:3').hints).toEqual([]);
  });

  it('rejects ratios it cannot read', () => {
    for (const text of ['a fox --ar 0:1', 'a fox --ar banana', 'a fox --ar 16:']) {
      const parsed = parseParams(text);
      expect(parsed.params.aspect).toBeUndefined();
      expect(parsed.hints.map((h) => h.key)).toEqual(['aspect_invalid']);
    }
  });

  it('parseAspect reduces integers and refuses nonsense', () => {
    expect(parseAspect('1080:1920')).toEqual({ w: 9, h: 16 });
    expect(parseAspect('portrait')).toEqual({ w: 3, h: 4 });
    expect(parseAspect('16')).toBeUndefined();
    expect(parseAspect('-1:2')).toBeUndefined();
  });
});

describe('parseParams: seed, size, strength', () => {
  it('accepts seeds from 0 to 2^32-1', () => {
    expect(parseParams('x --seed 0').params.seed).toBe(0);
    expect(parseParams('x --seed 4294967295').params.seed).toBe(4294967295);
    expect(parseParams('x --seed 7.').params.seed).toBe(7);
  });

  it.each(['4294967296', '-1', '1.5', 'random'])('refuses seed %s with a hint', (value) => {
    const parsed = parseParams(`a cat --seed ${value}`);
    expect(parsed.params.seed).toBeUndefined();
    expect(parsed.hints).toEqual([{ key: 'seed_invalid', values: { value } }]);
    expect(parsed.text).toBe('a cat');
  });

  it('reads sizes and clamps them to 64..4096', () => {
    expect(parseParams('x --size 1024').params.size).toBe(1024);
    expect(parseParams('x --size 768px').params.size).toBe(768);
    const small = parseParams('x --size 10');
    expect(small.params.size).toBe(64);
    expect(small.hints[0]?.key).toBe('size_clamped');
    expect(keys('x --size 1024x768')).toEqual(['size_invalid']);
  });

  it('reads strength as a fraction or a percentage, clamped to 0..1', () => {
    expect(parseParams('x --strength 0.6').params.strength).toBe(0.6);
    expect(parseParams('x --strength .5').params.strength).toBe(0.5);
    expect(parseParams('x --strength 30%').params.strength).toBeCloseTo(0.3);
    const high = parseParams('x --strength 1.5');
    expect(high.params.strength).toBe(1);
    expect(high.hints[0]?.key).toBe('strength_clamped');
    expect(keys('x --strength lots')).toEqual(['strength_invalid']);
  });
});

describe('parseParams: flags in general', () => {
  it('never drops an unknown flag silently, and removes its value', () => {
    const parsed = parseParams('a cat --style raw --v 6, 4k');
    expect(parsed.text).toBe('a cat, 4k');
    expect(parsed.hints).toEqual([
      { key: 'flag_unknown', values: { flag: '--style' } },
      { key: 'flag_unknown', values: { flag: '--v' } },
    ]);
  });

  it('keeps the words after a known switch and suggests near misses', () => {
    expect(parseParams('--tile a cat pattern').text).toBe('a cat pattern');
    const typo = parseParams('a cat --sed 5');
    expect(typo.text).toBe('a cat');
    expect(typo.hints).toEqual([{ key: 'flag_unknown_suggest', values: { flag: '--sed', suggestion: '--seed' } }]);
    expect(parseParams('x --strenght 0.5').hints[0]?.values?.suggestion).toBe('--strength');
  });

  it('says when a flag has no value', () => {
    const parsed = parseParams('a cat --seed');
    expect(parsed.text).toBe('a cat');
    expect(parsed.hints).toEqual([{ key: 'flag_missing_value', values: { flag: '--seed', example: '--seed 7' } }]);
    expect(keys('a cat --ar --seed 3')).toEqual(['flag_missing_value']);
  });

  it('uses the last of repeated flags and says so', () => {
    const parsed = parseParams('x --seed 1 --seed 2');
    expect(parsed.params.seed).toBe(2);
    expect(keys('x --seed 1 --seed 2')).toEqual(['flag_repeated']);
  });

  it('leaves flags inside quotes and inside words alone', () => {
    const quoted = parseParams("add the caption '--ar 16:9 forever'");
    expect(quoted.text).toBe("add the caption '--ar 16:9 forever'");
    expect(quoted.params).toEqual({});
    expect(quoted.hints).toEqual([]);
    expect(parseParams('a well--known cat').text).toBe('a well--known cat');
  });

  it('reads --task and refuses unknown task names', () => {
    expect(parseParams('what is this --task ocr').task).toBe('ocr');
    expect(parseParams('--task imagine a cat').task).toBe('generate');
    const bad = parseParams('--task paint a cat');
    expect(bad.task).toBeUndefined();
    expect(bad.hints[0]?.key).toBe('task_unknown');
    expect(bad.text).toBe('a cat');
  });

  it('tidies the text around removed flags', () => {
    expect(parseParams('a cat, --ar 16:9').text).toBe('a cat');
    expect(parseParams('--seed 3 a   cat --ar 1:1 in the rain').text).toBe('a cat in the rain');
    expect(parseParams('no flags here').text).toBe('no flags here');
  });
});

describe('validateParams (options an adapter filled)', () => {
  it('applies the same ranges as typed flags', () => {
    const { params, hints } = validateParams({ aspect: { w: 8, h: 1 }, seed: 1.5, size: 99999, strength: -0.2 });
    expect(params).toEqual({ aspect: { w: 4, h: 1 }, size: 4096, strength: 0 });
    expect(hints.map((h) => h.key)).toEqual(['aspect_clamped', 'seed_invalid', 'size_clamped', 'strength_clamped']);
  });

  it('passes good values through untouched', () => {
    expect(validateParams({ aspect: { w: 2, h: 3 }, seed: 9 })).toEqual({
      params: { aspect: { w: 2, h: 3 }, seed: 9 },
      hints: [],
    });
    expect(validateParams({}).params).toEqual({});
  });
});
