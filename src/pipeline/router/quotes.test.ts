import { describe, expect, it } from 'vitest';
import { findQuotedSpans, maskQuoted } from './quotes.js';

const quoted = (text: string) => findQuotedSpans(text).map((s) => text.slice(s.start, s.end));

describe('findQuotedSpans', () => {
  it('finds straight, curly and CJK quotes', () => {
    expect(quoted(`say "hi" and 'yo'`)).toEqual(['"hi"', "'yo'"]);
    expect(quoted('加上“春季骑行节”和「你好」')).toEqual(['“春季骑行节”', '「你好」']);
    expect(quoted('caption ‘don’t stop’ please')).toEqual(['‘don’t stop’']);
  });

  it('does not take apostrophes for quotes', () => {
    expect(quoted("don't touch the dog's ears")).toEqual([]);
    expect(quoted("the dogs' toys and 'this'")).toEqual(["'this'"]);
  });

  it('ignores an unclosed quote', () => {
    expect(quoted('a "broken caption')).toEqual([]);
  });
});

describe('maskQuoted', () => {
  it('blanks quoted spans and keeps offsets', () => {
    const text = `add 'what is this?' now`;
    const masked = maskQuoted(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toContain('what');
    expect(masked.startsWith('add ')).toBe(true);
    expect(masked.endsWith(' now')).toBe(true);
  });
});
