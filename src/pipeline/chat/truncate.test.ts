import { describe, expect, it } from 'vitest';
import { splitText, truncateText } from './truncate.js';

describe('truncateText', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncateText('hello', 10)).toBe('hello');
    const cut = truncateText('a'.repeat(50), 10);
    expect(cut.length).toBe(10);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateText('😀'.repeat(10), 6);
    expect(cut).toBe('😀😀…');
  });
});

describe('splitText', () => {
  it('splits on line breaks and caps the number of pieces', () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const pieces = splitText(text, 100, 3);
    expect(pieces).toHaveLength(3);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(100);
    expect(pieces[0]?.startsWith('line 0')).toBe(true);
    expect(pieces[2]?.endsWith('…')).toBe(true);
  });

  it('returns the whole text when it fits', () => {
    expect(splitText('short', 100, 3)).toEqual(['short']);
  });
});
