// Quoted spans (captions, poster text) are content, not instruction: they must
// neither decide the language nor trigger an intent ("add the caption 'what?'").

/** A quoted span, quote marks included: text.slice(start, end). */
export interface QuotedSpan {
  start: number;
  end: number;
}

/** Openers whose closer is a different character. */
const PAIRED: Record<string, string> = {
  '“': '”',
  '「': '」',
  '『': '』',
  '《': '》',
  '«': '»',
  '＂': '＂',
};

const LATIN_WORD_CHAR = /[A-Za-z0-9\u00C0-\u024F]/;

/** Apostrophe-like marks close only before a non-letter, so "don't" and "dog's" are no quotes. */
function findApostropheClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== "'" && ch !== '’') continue;
    const next = text[i + 1];
    if (next === undefined || !LATIN_WORD_CHAR.test(next)) return i;
  }
  return -1;
}

export function findQuotedSpans(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    let close = -1;
    if (ch === '"') {
      close = text.indexOf('"', i + 1);
    } else if (PAIRED[ch] !== undefined) {
      close = text.indexOf(PAIRED[ch], i + 1);
    } else if (ch === "'" || ch === '‘') {
      const prev = i > 0 ? (text[i - 1] as string) : ' ';
      const next = text[i + 1];
      const opens = !LATIN_WORD_CHAR.test(prev) && next !== undefined && /\S/.test(next);
      if (opens) close = findApostropheClose(text, i + 1);
    }
    if (close > i) {
      spans.push({ start: i, end: close + 1 });
      i = close + 1;
    } else {
      i += 1;
    }
  }
  return spans;
}

/** Replaces every quoted span by spaces of the same length, so indices stay valid. */
export function maskQuoted(text: string, spans: QuotedSpan[] = findQuotedSpans(text)): string {
  let out = '';
  let last = 0;
  for (const span of spans) {
    out += text.slice(last, span.start) + ' '.repeat(span.end - span.start);
    last = span.end;
  }
  return out + text.slice(last);
}

/** True when the index falls inside one of the spans. */
export function insideSpan(index: number, spans: QuotedSpan[]): boolean {
  return spans.some((s) => index >= s.start && index < s.end);
}
