import { FILLER_LEAD, NOW_LEAD, POLITE_LEAD, POLITE_TAIL } from './lexicon.js';
import { maskQuoted } from './quotes.js';

/** One instruction seen several ways: as typed, without politeness, and as text to match. */
export interface Instruction {
  /** As typed (flags already removed), trimmed. */
  text: string;
  /** As typed, minus greetings, "now" and politeness at the start ("please", "帮我"). */
  body: string;
  /** `body` minus politeness and end punctuation at the end ("..., please", "吗？"). */
  core: string;
  /** `body` folded, with quoted spans blanked: what intent patterns run on. */
  match: string;
  /** The whole text folded and blanked, for patterns that need the fillers ("help me"). */
  full: string;
  /** Began with "now"/"现在": in a reply that means "change what you made". */
  startsWithNow: boolean;
}

/**
 * Lower case, full-width ASCII to half-width, curly apostrophes to straight,
 * one UTF-16 unit for one, so offsets in the folded text are offsets in the original.
 */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    let c = ch;
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (ch === '’' || ch === '‘') c = "'";
    const lower = c.toLowerCase();
    out += lower.length === c.length ? lower : c;
  }
  return out;
}

/** How much of the start is greetings, "now" and politeness. */
function leadLength(folded: string): { length: number; now: boolean } {
  let at = 0;
  let now = false;
  for (let changed = true; changed;) {
    changed = false;
    const rest = folded.slice(at);
    const filler = FILLER_LEAD.exec(rest);
    if (filler && filler[0].length > 0) {
      at += filler[0].length;
      changed = true;
      continue;
    }
    const nowLead = NOW_LEAD.exec(rest);
    if (nowLead) {
      at += nowLead[0].length;
      now = true;
      changed = true;
      continue;
    }
    for (const polite of POLITE_LEAD) {
      const m = polite.exec(rest);
      // Never cut everything: "help me" alone stays for the help check.
      if (m && m[0].length > 0 && m[0].length < rest.trim().length) {
        at += m[0].length;
        changed = true;
        break;
      }
    }
  }
  return { length: at, now };
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function analyseInstruction(text: string): Instruction {
  const trimmed = text.trim();
  const folded = fold(trimmed);
  const masked = maskQuoted(folded);
  const lead = leadLength(folded);
  const tail = POLITE_TAIL.exec(folded.slice(lead.length));
  const end = tail ? lead.length + tail.index : folded.length;
  return {
    text: trimmed,
    body: trimmed.slice(lead.length).trim(),
    core: trimmed.slice(lead.length, end).trim(),
    match: collapse(masked.slice(lead.length)),
    full: collapse(masked),
    startsWithNow: lead.now,
  };
}
