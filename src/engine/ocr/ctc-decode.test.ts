import { describe, expect, it } from 'vitest';
import { ctcCharset, ctcDecode } from './ctc-decode.js';

/** One-hot-ish softmax rows: `ids[t]` gets probability `p`, the rest share the remainder. */
function probs(rows: number[][], classes: number, p = 0.9): Float32Array {
  const steps = rows[0]!.length;
  const out = new Float32Array(rows.length * steps * classes);
  rows.forEach((ids, n) =>
    ids.forEach((id, t) => {
      const base = (n * steps + t) * classes;
      for (let c = 0; c < classes; c++) out[base + c] = (1 - p) / (classes - 1);
      out[base + id] = p;
    }),
  );
  return out;
}

describe('ctcCharset', () => {
  it('puts blank first and a space last, one entry per keys line', () => {
    expect(ctcCharset('a\nb\r\nc')).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(ctcCharset('a\nb\n')).toEqual(['', 'a', 'b', ' ']);
  });
});

describe('ctcDecode', () => {
  const charset = ctcCharset('H\ne\nl\no\n出\n口');
  const C = charset.length; // 8: blank, 6 keys, space

  it('merges repeats, drops blanks and keeps a repeat separated by a blank', () => {
    // H H e l l _ l o  ->  "Hello"
    const [r] = ctcDecode(probs([[1, 1, 2, 3, 3, 0, 3, 4]], C), 1, 8, C, charset);
    expect(r!.text).toBe('Hello');
    expect(r!.score).toBeCloseTo(0.9, 5);
    // Where each character was read: the steps of its first and last frame.
    expect(r!.starts).toEqual([0, 2, 3, 6, 7]);
    expect(r!.ends).toEqual([1, 2, 4, 6, 7]);
  });

  it('maps index i to keys line i-1 and the last index to a space', () => {
    const [r] = ctcDecode(probs([[5, 0, 6, 7, 1, 0]], C), 1, 6, C, charset);
    expect(r!.text).toBe('出口 H');
  });

  it('decodes each item of a batch on its own and scores an empty line 0', () => {
    const out = ctcDecode(
      probs(
        [
          [0, 0, 0],
          [2, 2, 4],
        ],
        C,
      ),
      2,
      3,
      C,
      charset,
    );
    expect(out).toEqual([
      { text: '', score: 0, chars: [], starts: [], ends: [] },
      { text: 'eo', score: expect.closeTo(0.9, 5), chars: ['e', 'o'], starts: [0, 2], ends: [1, 2] },
    ]);
  });

  it('rejects a charset that does not match the model', () => {
    expect(() => ctcDecode(new Float32Array(10), 1, 1, 10, charset)).toThrow(RangeError);
  });
});
