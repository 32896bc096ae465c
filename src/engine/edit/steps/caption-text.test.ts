import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CAPTION_FONT_FILE } from './caption.js';
import { WORD_JOINER, breakUnits, emojiIn, isEmoji, joinForBreaks, setText, type TextStyle } from './caption-text.js';

const style: TextStyle = {
  font: { file: CAPTION_FONT_FILE, description: 'Noto Sans SC Bold' },
  color: '#ffffff',
  sizePx: 48,
  align: 'centre',
  wrap: 'word',
  spacing: 0,
  breaks: 'word',
};

/** Pixels of an RGBA PNG that are opaque and clearly coloured (not white, grey or black). */
async function colourful(png: Buffer): Promise<number> {
  const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
    if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 80) n += 1;
  }
  return n;
}

describe('Chinese line breaks', () => {
  it('cuts only between words, lone characters kept with a neighbour', () => {
    expect(breakUnits('周末读书会每周六下午在图书馆举行', 'word')).toEqual([
      '周末',
      '读书会',
      '每周六',
      '下午',
      '在图书馆',
      '举行',
    ]);
    expect(breakUnits('老电影放映会', 'word')).toEqual(['老电影', '放映会']);
  });

  it('keeps phrases whole at phrase level: breaks after punctuation and at spaces only', () => {
    expect(breakUnits('春季骑行节，欢迎大家报名参加！6月12日 上午9点', 'phrase')).toEqual([
      '春季骑行节，',
      '欢迎大家报名参加！',
      '6月12日',
      ' ',
      '上午9点',
    ]);
  });

  it('glues the characters of a unit with word joiners and leaves Latin alone', () => {
    expect(joinForBreaks('读书会 Book Club', 'word')).toBe(`读${WORD_JOINER}书${WORD_JOINER}会 Book Club`);
    expect(joinForBreaks('Book Club', 'word')).toBe('Book Club');
    expect(joinForBreaks('读书会', 'any')).toBe('读书会');
  });

  it('a word joiner keeps Pango from breaking inside a word: narrow lines get no wider content', async () => {
    // "读书会" set at a width of two characters: joined, it overflows on one line instead of breaking.
    const joined = await setText('读书会', { ...style, width: 48 * 2.2 });
    const free = await setText('读书会', { ...style, width: 48 * 2.2, breaks: 'any' });
    expect(free.height).toBeGreaterThan(joined.height * 1.5);
    expect(joined.width).toBeGreaterThan(48 * 2.5);
  });
});

describe('emoji', () => {
  it('tells emoji from text symbols', () => {
    expect(['🎉', '❤️', '👍🏽', '1️⃣', '🇨🇭', '👨‍👩‍👧', '☀'].every(isEmoji)).toBe(true);
    expect(['a', '1', '读', '©', '™', '#'].some(isEmoji)).toBe(false);
  });

  it('finds a colour drawing for common emoji; flags have none', async () => {
    expect(await emojiIn('Party 🎉❤️👍🏽 1️⃣ 👨‍👩‍👧 🇨🇭 派对')).toEqual({
      drawn: ['🎉', '❤️', '👍🏽', '1️⃣', '👨‍👩‍👧'],
      dropped: ['🇨🇭'],
    });
  });

  it('draws emoji in colour on their own layer, in the room the text keeps for them', async () => {
    const plain = await setText('派对 Party', style);
    const withEmoji = await setText('派对 🎉 Party 🎈', style);
    expect(withEmoji.dropped).toEqual([]);
    expect(withEmoji.emoji).toBeDefined();
    // The glyph layer has no colour (white text only), the emoji layer has plenty.
    expect(await colourful(withEmoji.png)).toBe(0);
    expect(await colourful(withEmoji.emoji!)).toBeGreaterThan(48 * 48 * 0.2);
    // Two emoji, each about an em wide.
    expect(withEmoji.width - plain.width).toBeGreaterThan(48 * 1.8);
  });

  it('leaves out what it cannot draw and says which', async () => {
    const set = await setText('Go 🇨🇭 Team', style);
    expect(set.dropped).toEqual(['🇨🇭']);
    expect(set.emoji).toBeUndefined();
    const plain = await setText('Go Team', style);
    expect(set.width).toBe(plain.width);
  });
});
