// Text set by Pango (sharp's text input) the way captions and posters need it: Chinese breaks only
// between words (Intl.Segmenter), and emoji drawn in colour from the Noto Emoji SVGs
// (@iconify-json/noto, Apache-2.0) in the room a placeholder glyph keeps for them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

/** U+2060: Pango never breaks a line next to it and draws nothing. */
export const WORD_JOINER = '\u2060';

/** Where lines may break: between phrases (spaces, after CJK punctuation), between words, or anywhere Pango likes. */
export type BreakLevel = 'phrase' | 'word' | 'any';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;
/** Punctuation a Chinese line may end after. */
const PHRASE_END = /^[，。！？；：、,.!?;:)）》」』】]$/u;
/** One-character words that lean on the word after them ("在|图书馆", "每|周"); other lone characters lean back ("读书|会"). */
const LEANS_FORWARD = new Set([...'在从和与及把被给对向往于至每第将让跟']);

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const words = new Intl.Segmenter('zh', { granularity: 'word' });

function splitGraphemes(text: string): string[] {
  return [...graphemes.segment(text)].map((s) => s.segment);
}

/** Words of a run without spaces: ICU's dictionary words, lone Han characters glued to a neighbour. */
function wordUnits(run: string): string[] {
  const segs = [...words.segment(run)].map((s) => s.segment);
  const units: string[] = [];
  let carry = '';
  for (const seg of segs) {
    if (carry) {
      units.push(carry + seg);
      carry = '';
      continue;
    }
    const lone = seg.length === 1 && HAN_ONLY.test(seg);
    // A lone character that opens a run ("老|电影") leans on the word after it too.
    if (lone && (LEANS_FORWARD.has(seg) || units.length === 0)) {
      carry = seg;
      continue;
    }
    const prev = units.at(-1);
    if (lone && prev !== undefined && /[\p{Script=Han}\d]$/u.test(prev)) units[units.length - 1] = prev + seg;
    else if (/^[\p{P}]+$/u.test(seg) && prev !== undefined && !/^[(（《「『【]/u.test(seg))
      units[units.length - 1] = prev + seg;
    else units.push(seg);
  }
  if (carry) units.push(carry);
  return units;
}

/** Phrases of a run without spaces: cut only after sentence punctuation. */
function phraseUnits(run: string): string[] {
  const units: string[] = [];
  let cur = '';
  for (const g of splitGraphemes(run)) {
    cur += g;
    if (PHRASE_END.test(g)) {
      units.push(cur);
      cur = '';
    }
  }
  if (cur) units.push(cur);
  return units;
}

/**
 * The pieces a line may break between, in order (spaces are pieces of their own).
 * Joined back they are the text unchanged.
 */
export function breakUnits(text: string, level: BreakLevel): string[] {
  if (level === 'any') return [text];
  const out: string[] = [];
  // No-break spaces (U+00A0) stay inside a run: they glue, not separate.
  for (const run of text.split(/([^\S\u00a0]+)/u)) {
    if (!run) continue;
    if (/^[^\S\u00a0]+$/u.test(run) || !CJK.test(run)) out.push(run);
    else out.push(...(level === 'phrase' ? phraseUnits(run) : wordUnits(run)));
  }
  return out;
}

/** The text with a word joiner between the characters of each CJK unit, so Pango breaks only between units. */
export function joinForBreaks(text: string, level: BreakLevel): string {
  if (level === 'any' || !CJK.test(text)) return text;
  return breakUnits(text, level)
    .map((u) => (CJK.test(u) ? splitGraphemes(u).join(WORD_JOINER) : u))
    .join('');
}

// ---- emoji ----

const REGIONAL = /\p{Regional_Indicator}/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const TEXT_SYMBOLS = new Set(['©', '®', '™']);

/** True for a grapheme drawn as an emoji (pictographs, keycaps, flags), not for ©, ® or ™ without U+FE0F. */
export function isEmoji(cluster: string): boolean {
  if (cluster.includes('\u20e3') || cluster.includes('\ufe0f')) return true;
  if (REGIONAL.test(cluster)) return true;
  const first = cluster.codePointAt(0) ?? 0;
  return /\p{Extended_Pictographic}/u.test(String.fromCodePoint(first)) && !TEXT_SYMBOLS.has(cluster);
}

/** Noto's key for a sequence: hex code points, at least 4 digits, joined by '-', without U+FE0F. */
function keyOf(points: number[]): string {
  return points
    .filter((p) => p !== 0xfe0f)
    .map((p) => p.toString(16).padStart(4, '0'))
    .join('-');
}

/** Keys to try for a cluster, most faithful first; flags have none (the set has no country flags). */
function keysFor(cluster: string): string[] {
  if (REGIONAL.test(cluster) || TAG.test(cluster)) return [];
  const points = [...cluster].map((c) => c.codePointAt(0) ?? 0);
  const keys = [keyOf(points)];
  const noTone = points.filter((p) => p < 0x1f3fb || p > 0x1f3ff);
  keys.push(keyOf(noTone));
  // A ZWJ sequence the set lacks falls back to its first pictograph.
  if (points.includes(0x200d)) keys.push(keyOf([noTone[0] ?? 0]));
  return [...new Set(keys)];
}

interface IconSet {
  chars: Record<string, string>;
  /** The raw icons.json: icons are cut out of it by name, so the 25 MB file is never parsed whole. */
  raw: string;
  size: number;
}

let iconSet: Promise<IconSet> | undefined;
const svgCache = new Map<string, string | undefined>();

async function loadIconSet(): Promise<IconSet> {
  const [chars, raw] = await Promise.all([
    readFile(require.resolve('@iconify-json/noto/chars.json'), 'utf8'),
    readFile(require.resolve('@iconify-json/noto/icons.json'), 'utf8'),
  ]);
  const size = Number(/"width"\s*:\s*(\d+)/.exec(raw.slice(-400))?.[1] ?? 128);
  return { chars: JSON.parse(chars) as Record<string, string>, raw, size };
}

/** The JSON object that follows `"name":` at the top level of icons or aliases. */
function objectAfterKey(raw: string, name: string): { body?: string; parent?: string } | undefined {
  const key = `"${name}":`;
  let at = raw.indexOf(key);
  if (at < 0) return undefined;
  at = raw.indexOf('{', at + key.length);
  let depth = 0;
  let inString = false;
  for (let i = at; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && (depth -= 1) === 0) {
      return JSON.parse(raw.slice(at, i + 1)) as { body?: string; parent?: string };
    }
  }
  return undefined;
}

async function svgFor(cluster: string): Promise<string | undefined> {
  if (svgCache.has(cluster)) return svgCache.get(cluster);
  const set = await (iconSet ??= loadIconSet());
  let svg: string | undefined;
  for (const key of keysFor(cluster)) {
    let name = set.chars[key];
    for (let hops = 0; name && hops < 4 && !svg; hops += 1) {
      const entry = objectAfterKey(set.raw, name);
      if (entry?.body) svg = entry.body;
      name = entry?.parent;
    }
    if (svg) break;
  }
  const doc = svg
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${set.size} ${set.size}">${svg}</svg>`
    : undefined;
  if (svgCache.size > 512) svgCache.clear();
  svgCache.set(cluster, doc);
  return doc;
}

/** Emoji in a text that can be drawn and those that cannot (flags, sequences the set lacks), in order. */
export async function emojiIn(text: string): Promise<{ drawn: string[]; dropped: string[] }> {
  const drawn: string[] = [];
  const dropped: string[] = [];
  for (const g of splitGraphemes(text)) {
    if (!isEmoji(g)) continue;
    ((await svgFor(g)) ? drawn : dropped).push(g);
  }
  return { drawn, dropped };
}

// ---- rendering ----

/** Full-width square in Noto Sans SC: 1 em advance, ink 0.8 em square; it keeps an emoji's room in the line. */
const PLACEHOLDER = '■';
/** An emoji is drawn this much larger than the placeholder's ink (Noto's art has its own padding). */
const EMOJI_SCALE = 1.22;

export interface TextStyle {
  font: { file: string; description: string };
  color: string;
  sizePx: number;
  align: 'left' | 'centre';
  wrap: 'word' | 'word-char';
  /** Extra space between lines in pixels (Pango spacing). */
  spacing: number;
  /** Tracking in em. */
  tracking?: number;
  width?: number;
  breaks: BreakLevel;
  /** False while only measuring: the emoji keep their room but are not drawn (saves a render). */
  drawEmoji?: boolean;
}

export interface SetText {
  /** RGBA PNG of the glyphs in `color` (emoji left out), cropped by Pango to the text. */
  png: Buffer;
  /** Same size as `png`: the emoji in colour on transparent, when there are any. */
  emoji?: Buffer;
  width: number;
  height: number;
  /** Emoji that could not be drawn and were left out of the text. */
  dropped: string[];
  /** Emoji that have their room in the text but were not drawn (`drawEmoji: false`). */
  undrawn: number;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Stands for one drawable emoji while breaks are decided and markup is built (private use, never drawn). */
const SLOT = '\ue000';

/** The text with each drawable emoji replaced by SLOT, those emoji in order, and the ones left out. */
async function slotEmoji(text: string): Promise<{ text: string; emoji: string[]; dropped: string[] }> {
  let out = '';
  const emoji: string[] = [];
  const dropped: string[] = [];
  for (const g of splitGraphemes(text.replaceAll(SLOT, ''))) {
    if (!isEmoji(g)) out += g;
    else if (await svgFor(g)) {
      out += SLOT;
      emoji.push(g);
    } else dropped.push(g);
  }
  // A dropped emoji between two spaces would leave a double gap.
  if (dropped.length > 0) out = out.replace(/ {2,}/g, ' ').trim();
  // Emoji after a word stay on its line ("Ski Club ⛷️", not a line of emoji alone).
  out = out.replace(new RegExp(`(?<=\\S) (?=${SLOT})`, 'gu'), '\u00a0');
  return { text: out, emoji, dropped };
}

/** The markup of a slotted text: in 'mask' mode only the placeholders show, else everything but them. */
function markupOf(slotted: string, style: TextStyle, mode: 'text' | 'mask'): string {
  const tracking = style.tracking ? ` letter_spacing="${Math.round(style.tracking * style.sizePx * 1024)}"` : '';
  const hidden = mode === 'mask' ? ' fgalpha="1"' : '';
  const slot = `<span fgalpha="${mode === 'mask' ? '100%' : '1'}">${PLACEHOLDER}</span>`;
  const inner = escapeMarkup(slotted).replaceAll(SLOT, slot);
  // Pango sizes are in 1/1024 pt; at 72 dpi one pt is one pixel.
  return `<span foreground="${style.color}" size="${Math.round(style.sizePx * 1024)}"${tracking}${hidden}>${inner}</span>`;
}

async function pango(markup: string, style: TextStyle): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp({
    text: {
      text: markup,
      font: style.font.description,
      fontfile: style.font.file,
      dpi: 72,
      rgba: true,
      align: style.align === 'left' ? 'left' : 'centre',
      wrap: style.wrap,
      spacing: style.spacing,
      ...(style.width !== undefined ? { width: Math.max(1, Math.floor(style.width)) } : {}),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Ink boxes of the placeholders in a mask render, line by line, left to right. */
async function placeholderBoxes(mask: Buffer): Promise<Box[]> {
  const { data, info } = await sharp(mask).extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const rowInk = (y: number): boolean => {
    for (let x = 0; x < width; x += 1) if (data[y * width + x]! > 127) return true;
    return false;
  };
  const boxes: Box[] = [];
  let y = 0;
  while (y < height) {
    if (!rowInk(y)) {
      y += 1;
      continue;
    }
    const top = y;
    while (y < height && rowInk(y)) y += 1;
    const bottom = y;
    let x = 0;
    while (x < width) {
      let ink = false;
      for (let yy = top; yy < bottom && !ink; yy += 1) ink = data[yy * width + x]! > 127;
      if (!ink) {
        x += 1;
        continue;
      }
      const left = x;
      for (; x < width; x += 1) {
        let col = false;
        for (let yy = top; yy < bottom && !col; yy += 1) col = data[yy * width + x]! > 127;
        if (!col) break;
      }
      boxes.push({ left, top, width: x - left, height: bottom - top });
    }
  }
  return boxes;
}

/**
 * Sets a text with Pango: CJK lines break only where `style.breaks` allows, emoji come
 * out in colour on their own layer; emoji that cannot be drawn are left out and listed.
 */
export async function setText(text: string, style: TextStyle): Promise<SetText> {
  const slotted = await slotEmoji(text);
  const joined = joinForBreaks(slotted.text, style.breaks);
  const drawn = await pango(markupOf(joined, style, 'text'), style);
  const base = { png: drawn.data, width: drawn.width, height: drawn.height };
  const { emoji, dropped } = slotted;
  if (emoji.length === 0) return { ...base, dropped, undrawn: 0 };
  if (style.drawEmoji === false) return { ...base, dropped, undrawn: emoji.length };
  const mask = await pango(markupOf(joined, style, 'mask'), style);
  const boxes = await placeholderBoxes(mask.data);
  if (boxes.length !== emoji.length || mask.width !== base.width || mask.height !== base.height) {
    // Placeholders merged or split: better no emoji than misplaced ones.
    return { ...base, dropped: [...dropped, ...emoji], undrawn: 0 };
  }
  const layers = await Promise.all(
    boxes.map(async (b, i) => {
      const grown = Math.round(Math.max(b.width, b.height) * EMOJI_SCALE);
      const side = Math.max(1, Math.min(grown, base.width, base.height));
      const svg = (await svgFor(emoji[i]!)) as string;
      const input = await sharp(Buffer.from(svg)).resize(side, side).png().toBuffer();
      // Centred on the placeholder, moved inside the canvas when it would stick out.
      const left = Math.round(Math.max(0, Math.min(base.width - side, b.left + b.width / 2 - side / 2)));
      const top = Math.round(Math.max(0, Math.min(base.height - side, b.top + b.height / 2 - side / 2)));
      return { input, left, top };
    }),
  );
  const layer = await sharp({
    create: { width: base.width, height: base.height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite(layers)
    .png()
    .toBuffer();
  return { ...base, emoji: layer, dropped, undrawn: 0 };
}
