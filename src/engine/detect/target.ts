// What the user asked to find, as COCO classes: "dog" -> dog, "the cars" -> car,
// "所有的车" -> car/bus/truck/motorcycle, "" or "objects" -> everything.
import { COCO_ANIMALS, COCO_CLASSES } from '../../common/coco-labels.js';

/** Which one of several matches the user meant ("the car on the left"). */
export type TargetPick = 'left' | 'right' | 'top' | 'bottom' | 'largest' | 'smallest' | 'center';

export type Target =
  | { kind: 'all' }
  | { kind: 'classes'; labels: string[]; pick?: TargetPick }
  /** Nothing the detector knows: the reply says what it can find. */
  | { kind: 'unknown'; text: string };

const GENERIC_EN =
  /^(?:(?:all|every|each|any|the|of|in|this|image|picture|photo)\s+)*(?:objects?|things?|everything|items?|stuff|anything)?$/;
const GENERIC_ZH = /^(?:所有的?|全部的?|图中的?|图片中的?|图里的?|里面的?)*(?:物体|东西|对象|目标|一切)?$/;

const GROUPS: readonly { words: readonly string[]; labels: readonly string[] }[] = [
  { words: ['vehicles', 'vehicle', '车辆', '车', '交通工具'], labels: ['car', 'truck', 'bus', 'motorcycle'] },
  {
    words: ['animals', 'animal', 'pets', 'pet', '动物', '宠物'],
    labels: COCO_ANIMALS,
  },
  {
    words: ['food', 'foods', 'fruit', 'fruits', '食物', '水果'],
    labels: ['banana', 'apple', 'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake'],
  },
];

const PICKS_EN: readonly [RegExp, TargetPick][] = [
  [/\b(?:left|leftmost)\b/, 'left'],
  [/\b(?:right|rightmost)\b/, 'right'],
  [/\b(?:top|upper|topmost)\b/, 'top'],
  [/\b(?:bottom|lower|bottommost)\b/, 'bottom'],
  [/\b(?:biggest|largest|big|large)\b/, 'largest'],
  [/\b(?:smallest|small|little|tiny)\b/, 'smallest'],
  [/\b(?:middle|center|centre|central)\b/, 'center'],
];
const PICKS_ZH: readonly [RegExp, TargetPick][] = [
  [/左边|左侧|左面|最左/, 'left'],
  [/右边|右侧|右面|最右/, 'right'],
  [/最上面|顶部/, 'top'],
  [/最下面|底部/, 'bottom'],
  [/最大|大的/, 'largest'],
  [/最小|小的/, 'smallest'],
  [/中间|中央|正中/, 'center'],
];

/** "the dog beside a bicycle": the head noun comes before the relation. */
const RELATION_EN = /\s(?:on|in|at|near|beside|behind|under|over|with|next to|by|holding|riding|from|of)\s/;

function englishForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('y') && !/[aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  else if (/(?:s|x|ch|sh)$/.test(word)) forms.push(`${word}es`);
  else forms.push(`${word}s`);
  return forms;
}

interface Phrase {
  text: string;
  labels: readonly string[];
}

const EN_PHRASES: Phrase[] = [];
const ZH_PHRASES: Phrase[] = [];
for (const c of COCO_CLASSES) {
  for (const word of [c.label, ...c.synonyms]) {
    for (const form of englishForms(word)) EN_PHRASES.push({ text: form, labels: [c.label] });
  }
  EN_PHRASES.push({ text: c.plural.toLowerCase(), labels: [c.label] });
  for (const word of [c.zh, ...c.zhSynonyms]) ZH_PHRASES.push({ text: word, labels: [c.label] });
}
for (const g of GROUPS) {
  for (const word of g.words) (/[a-z]/.test(word) ? EN_PHRASES : ZH_PHRASES).push({ text: word, labels: g.labels });
}
// Longest first, so "hot dog" wins over "dog" and "摩托车" over "车".
EN_PHRASES.sort((a, b) => b.text.length - a.text.length);
ZH_PHRASES.sort((a, b) => b.text.length - a.text.length);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EN_PATTERNS = EN_PHRASES.map((p) => ({ ...p, re: new RegExp(`(?<![a-z])${escapeRegExp(p.text)}(?![a-z])`) }));

/** COCO labels named in the text, in order of first mention. */
function findLabels(text: string): string[] {
  let rest = text;
  const found: { at: number; labels: readonly string[] }[] = [];
  for (const p of EN_PATTERNS) {
    const m = p.re.exec(rest);
    if (!m) continue;
    found.push({ at: m.index, labels: p.labels });
    rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  }
  for (const p of ZH_PHRASES) {
    let at = rest.indexOf(p.text);
    if (at < 0) continue;
    found.push({ at, labels: p.labels });
    while (at >= 0) {
      rest = rest.slice(0, at) + '\u3000'.repeat(p.text.length) + rest.slice(at + p.text.length);
      at = rest.indexOf(p.text);
    }
  }
  found.sort((a, b) => a.at - b.at);
  const labels: string[] = [];
  for (const f of found) for (const l of f.labels) if (!labels.includes(l)) labels.push(l);
  return labels;
}

function findPick(text: string): TargetPick | undefined {
  for (const [re, pick] of [...PICKS_EN, ...PICKS_ZH]) if (re.test(text)) return pick;
  return undefined;
}

/** Reads a detection target from the prompt the router extracted. */
export function parseTarget(prompt: string): Target {
  const text = prompt
    .toLowerCase()
    .replace(/[\s,.!?;:"'“”‘’()（），。！？；：、]+/g, ' ')
    .trim();
  if (GENERIC_EN.test(text) || GENERIC_ZH.test(text.replace(/\s+/g, ''))) return { kind: 'all' };
  // Chinese puts the head noun last: "桌子上的杯子" is the cup.
  const zhHead = text.includes('的') ? text.slice(text.lastIndexOf('的') + 1) : '';
  const relation = RELATION_EN.exec(` ${text} `);
  const head = relation ? ` ${text} `.slice(0, relation.index) : '';
  for (const part of [zhHead, head, text]) {
    if (!part.trim()) continue;
    const labels = findLabels(part);
    if (labels.length === 0) continue;
    const pick = findPick(text);
    return pick ? { kind: 'classes', labels, pick } : { kind: 'classes', labels };
  }
  return { kind: 'unknown', text: prompt.trim() };
}
