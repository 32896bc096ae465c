import type { Locale } from '../types.js';
import { findQuotedSpans, maskQuoted } from './quotes.js';

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * English lead-ins after which the rest is text to show, not words to us:
 * "a poster that says 春季骑行节", "add the caption 你好". Only English ones,
 * because a Chinese lead-in ("写着") is Han itself and already decides.
 */
const CONTENT_LEAD =
  /\b(?:says|saying|reads|reading|write|(?:with|add|put) (?:the|a) (?:text|words?|title|caption|slogan|headline)|titled|captioned|labell?ed)\b\s*[:：]?|\b(?:text|title|caption|slogan|headline)\s*[:：]/i;

/** The instruction minus quoted spans and the text after an English "says"-style lead-in. */
function instructionPart(text: string): string {
  const masked = maskQuoted(text, findQuotedSpans(text));
  const lead = CONTENT_LEAD.exec(masked);
  return lead ? masked.slice(0, lead.index + lead[0].length) : masked;
}

/**
 * The language to answer in. Any Han character in the instruction itself (not
 * in quoted or "says ..." content) means Chinese: Chinese speakers mix English
 * words in freely ("把它P成vintage风格"), while English speakers almost never
 * type Han outside text they want shown. Kana means Japanese, which we do not
 * speak, so it does not count as Chinese. Otherwise the requester's locale,
 * else English.
 */
export function detectLocale(text: string, fallback?: Locale): Locale {
  const part = instructionPart(text);
  if (HAN.test(part) && !KANA.test(part)) return 'zh';
  return fallback ?? 'en';
}
