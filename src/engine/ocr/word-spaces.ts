// Spaces the recogniser leaves out. PaddleOCR's Chinese model often reads
// "Opening hours" as "Openinghours" and "欢迎光临 Welcome" without the space,
// though its alphabet has one. The line crop shows where words part: a run of
// ink-free columns between two characters much wider than the gaps inside
// words. CTC time steps say which columns lie between two characters.

/** Latin letters and digits: where a missing space changes the reading. */
const LATIN = /^[A-Za-z0-9]$/;
/** Scripts written without spaces between words; a space is restored only where they meet Latin text. */
const WIDE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** A pixel is ink when its grey differs from the crop's background by this much (tensor units, -1..1: ~45/255). */
const INK = 0.35;
/**
 * A space needs a blank run of at least MIN_RUN x the text's height in the
 * crop and FACTOR x the line's median gap between Latin characters. The text's
 * height, not the crop's: a loose box around small text makes the same gaps
 * look narrower. Tuned on 21 fixture images and 6 pages of body text: 5 and 0
 * space errors (measuring by the crop's height: 5 and 10).
 */
const MIN_RUN = 0.25;
/** A row is part of the text when it holds this share of the busiest row's ink. */
const TEXT_ROW_SHARE = 0.2;
const FACTOR = 2.5;

/**
 * Per column of one crop in a normalised [.., 3, height, width] tensor (values
 * in -1..1): 1 where no pixel differs from the crop's background (its median
 * grey) by more than `ink`. Columns from `validWidth` on are padding: 1.
 */
export function emptyColumns(
  tensor: Float32Array,
  offset: number,
  height: number,
  width: number,
  validWidth: number,
  ink = INK,
): CropColumns {
  const plane = height * width;
  const grey = new Float32Array(height * validWidth);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < validWidth; x++) {
      const i = offset + y * width + x;
      grey[y * validWidth + x] = (tensor[i]! + tensor[i + plane]! + tensor[i + 2 * plane]!) / 3;
    }
  }
  const sorted = Float32Array.from(grey).sort();
  const background = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const empty = new Uint8Array(width).fill(1);
  const rowInk = new Uint32Array(height);
  for (let x = 0; x < validWidth; x++) {
    let inked = 0;
    for (let y = 0; y < height; y++) {
      if (Math.abs(grey[y * validWidth + x]! - background) > ink) {
        inked++;
        rowInk[y]!++;
      }
    }
    empty[x] = inked <= 1 ? 1 : 0;
  }
  // The text's own height: rows carrying a fair share of the ink (not the stray edge of a neighbouring line).
  const busiest = Math.max(0, ...rowInk);
  let textHeight = 0;
  for (let y = 0; y < height; y++) if (busiest > 0 && rowInk[y]! >= busiest * TEXT_ROW_SHARE) textHeight++;
  return { empty, textHeight };
}

export interface CropColumns {
  /** 1 per ink-free column. */
  empty: Uint8Array;
  /** Rows that carry the text (at least TEXT_ROW_SHARE of the busiest row's ink). */
  textHeight: number;
}

function longestRun(empty: Uint8Array, from: number, to: number): number {
  let best = 0;
  let run = 0;
  for (let x = Math.max(0, from); x < Math.min(empty.length, to); x++) {
    run = empty[x] ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

export interface ReadChars {
  chars: string[];
  starts: number[];
  ends: number[];
}

/**
 * The characters as text, with a space where two Latin characters (or Latin
 * and CJK) are parted by a blank run of at least MIN_RUN x the text height
 * and FACTOR x the line's median gap between Latin characters. Two CJK
 * characters are left as read: Chinese puts no spaces between words, and CTC
 * steps of wide characters do not line up with the gaps between them.
 * `stride` is columns per time step; `columns` gives emptyColumns() of the
 * crop, asked for only when the line has such a pair.
 */
export function withWordSpaces(read: ReadChars, columns: () => CropColumns, stride: number): string {
  const { chars, starts, ends } = read;
  let crop: CropColumns | undefined;
  const gaps: number[] = [];
  const pairs: { i: number; gap: number }[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (a === ' ' || b === ' ') continue;
    const latin = LATIN.test(a) && LATIN.test(b);
    const mixed = (LATIN.test(a) && WIDE.test(b)) || (WIDE.test(a) && LATIN.test(b));
    if (!latin && !mixed) continue;
    crop ??= columns();
    const gap = longestRun(crop.empty, ends[i]! * stride, (starts[i + 1]! + 1) * stride);
    if (latin) gaps.push(gap);
    pairs.push({ i, gap });
  }
  const sorted = gaps.sort((x, y) => x - y);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
  const threshold = Math.max(MIN_RUN * (crop?.textHeight ?? 0), FACTOR * median, 1);
  const spaceAfter = new Set(pairs.filter((p) => p.gap >= threshold).map((p) => p.i));
  return chars.map((c, i) => (spaceAfter.has(i) ? `${c} ` : c)).join('');
}
