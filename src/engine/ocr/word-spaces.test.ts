import { describe, expect, it } from 'vitest';
import { emptyColumns, withWordSpaces } from './word-spaces.js';

const H = 48;

/** A 1x3xHxW tensor, white (1.0), with black (-1.0) ink over the given column ranges. */
function lineTensor(width: number, ink: [number, number][]): Float32Array {
  const plane = H * width;
  const t = new Float32Array(3 * plane).fill(1);
  for (const [from, to] of ink) {
    for (let x = from; x < to; x++) {
      for (let y = 10; y < 38; y++) for (let c = 0; c < 3; c++) t[c * plane + y * width + x] = -1;
    }
  }
  return t;
}

/** Characters with their CTC steps (stride 8): each read at the step over its middle. */
function read(chars: string, boxes: [number, number][]) {
  const starts = boxes.map(([a, b]) => Math.floor((a + b) / 2 / 8));
  return { chars: [...chars], starts, ends: starts };
}

describe('word spaces', () => {
  it('marks ink-free columns, light text on dark too, and the padding', () => {
    const t = lineTensor(40, [[5, 10]]);
    const { empty, textHeight } = emptyColumns(t, 0, H, 40, 32);
    expect([...empty.subarray(0, 12)]).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1]);
    expect(empty[35]).toBe(1); // past the crop: padding
    expect(textHeight).toBe(28); // the inked rows 10-37, not the 48 of the crop
    const inverted = t.map((v) => -v);
    expect(emptyColumns(inverted, 0, H, 40, 40).empty[6]).toBe(0);
  });

  it('puts back the space between two words, not inside them', () => {
    // "Opening hours"-like: letters 12 px wide, 2-4 px apart, a 14 px word gap after the 3rd letter.
    const boxes: [number, number][] = [
      [4, 16],
      [19, 31],
      [33, 45],
      [59, 71],
      [74, 86],
      [88, 100],
    ];
    const t = lineTensor(112, boxes);
    const columns = emptyColumns(t, 0, H, 112, 112);
    expect(withWordSpaces(read('abcdef', boxes), () => columns, 8)).toBe('abc def');
  });

  it('spaces Latin from CJK, leaves CJK pairs and spaces already read alone', () => {
    const boxes: [number, number][] = [
      [4, 44],
      [46, 86],
      [100, 112],
      [115, 127],
    ];
    const t = lineTensor(136, boxes);
    const columns = emptyColumns(t, 0, H, 136, 136);
    expect(withWordSpaces(read('出口EX', boxes), () => columns, 8)).toBe('出口 EX');
    // Two CJK characters are left as read: the crop's columns are not even looked at.
    const unused = () => {
      throw new Error('columns were computed for a CJK-only line');
    };
    expect(
      withWordSpaces(
        read('出口', [
          [4, 44],
          [70, 110],
        ]),
        unused,
        8,
      ),
    ).toBe('出口');
    const spaced = { chars: ['a', ' ', 'b'], starts: [1, 4, 8], ends: [1, 4, 8] };
    expect(withWordSpaces(spaced, () => ({ empty: new Uint8Array(80).fill(1), textHeight: 28 }), 8)).toBe('a b');
  });
});
