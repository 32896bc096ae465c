import { describe, expect, it } from 'vitest';
import { describeStep, summarizeEdits } from './step-names.js';

describe('step names', () => {
  it('says done and not done in English and Chinese', () => {
    expect(summarizeEdits(['black and white'], ['"put a hat on"'], 'en')).toEqual([
      'Done: black and white.',
      'I can\'t do "put a hat on" yet.',
    ]);
    expect(summarizeEdits(['转为黑白', '反色'], [], 'zh')).toEqual(['已完成：转为黑白、反色。']);
    expect(describeStep({ op: 'scale', factor: 2 }, 'en')).toMatch(/not AI upscaling/);
    expect(describeStep({ op: 'recolor', target: '车', color: 'red' }, 'zh')).toBe('把车改成红色');
  });
});
