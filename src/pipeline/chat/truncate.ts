// Chat platforms cap every text field; long answers are cut on a code point, never mid-character.

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 units (the unit Slack and Discord count), ending with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/**
 * Splits `text` into pieces of at most `max` units, preferring line breaks, then spaces;
 * returns at most `maxPieces` pieces, the last one truncated when text remains.
 */
export function splitText(text: string, max: number, maxPieces: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0 && pieces.length < maxPieces) {
    if (rest.length <= max) {
      pieces.push(rest);
      rest = '';
      break;
    }
    if (pieces.length === maxPieces - 1) {
      pieces.push(truncateText(rest, max));
      rest = '';
      break;
    }
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    // Never split a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  return pieces;
}
