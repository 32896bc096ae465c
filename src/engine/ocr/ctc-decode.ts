// Greedy CTC decoding of the recogniser's [N, T, C] softmax: best class per
// step, merge repeats, drop blanks. Class 0 is blank, class i is line i-1 of
// the keys file, the last class is a space.

export interface Decoded {
  text: string;
  /** Mean probability of the kept characters (0 when none). */
  score: number;
  /** The kept characters (`text` split by code point), and the first and last time step each was read at. */
  chars: string[];
  starts: number[];
  ends: number[];
}

/** The class table: blank, then the keys file's lines, then a space. */
export function ctcCharset(keysFileText: string): string[] {
  const lines = keysFileText.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

export function ctcDecode(
  probs: Float32Array,
  batch: number,
  steps: number,
  classes: number,
  charset: readonly string[],
): Decoded[] {
  if (charset.length !== classes) {
    throw new RangeError(`charset has ${charset.length} entries but the model has ${classes} classes`);
  }
  const out: Decoded[] = [];
  for (let n = 0; n < batch; n++) {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let sum = 0;
    let kept = 0;
    let prev = -1;
    for (let t = 0; t < steps; t++) {
      const base = (n * steps + t) * classes;
      let best = 0;
      let bestP = probs[base]!;
      for (let c = 1; c < classes; c++) {
        const p = probs[base + c]!;
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best !== 0 && best !== prev) {
        chars.push(charset[best]!);
        starts.push(t);
        ends.push(t);
        sum += bestP;
        kept++;
      } else if (best !== 0) {
        ends[ends.length - 1] = t; // the same character read on one more step
      }
      prev = best;
    }
    out.push({ text: chars.join(''), score: kept === 0 ? 0 : sum / kept, chars, starts, ends });
  }
  return out;
}
