// Whether a grounding phrase names a COCO class as its head noun: "the red umbrella" is an umbrella
// (the detector can answer, without the colour), "the giraffe's head" is a head (it cannot).
import { COCO_CLASSES } from '../../common/coco-labels.js';

function englishForms(word: string): string[] {
  if (word.endsWith('y') && !/[aeiou]y$/.test(word)) return [word, `${word.slice(0, -1)}ies`];
  if (/(?:s|x|ch|sh)$/.test(word)) return [word, `${word}es`];
  return [word, `${word}s`];
}

/** Every English and Chinese name of a class with its label, longest first so "hot dog" wins over "dog". */
const NAMES: readonly { name: string; label: string }[] = COCO_CLASSES.flatMap((c) => [
  ...[c.label, ...c.synonyms].flatMap(englishForms).map((name) => ({ name, label: c.label })),
  { name: c.plural, label: c.label },
  ...[c.zh, ...c.zhSynonyms].map((name) => ({ name, label: c.label })),
]).sort((a, b) => b.name.length - a.name.length);

/** What follows the head noun in English: "the dog on the left", "the head of the giraffe". */
const AFTER_HEAD_EN =
  /\s(?:on|in|at|near|beside|behind|under|over|with|next to|by|holding|riding|from|of|that|which|who|wearing|to the)\s.*$/;
const HAN = /\p{Script=Han}$/u;

/** The head of the phrase: before an English relation, after a possessive ("giraffe's head") or the last 的. */
function headOf(phrase: string): string {
  let text = phrase
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[\s,.!?;:"“”()（），。！？；：、]+/g, ' ')
    .trim();
  text = ` ${text} `.replace(AFTER_HEAD_EN, ' ').trim();
  const possessive = text.lastIndexOf("'s ");
  if (possessive >= 0) text = text.slice(possessive + 3);
  const de = text.lastIndexOf('的');
  if (de >= 0) text = text.slice(de + 1);
  return text.trim();
}

/** The COCO label a phrase's head noun names ("red umbrella" -> umbrella, "红色的伞" -> umbrella), if any. */
export function cocoLabelOf(phrase: string): string | undefined {
  const head = headOf(phrase);
  if (!head) return undefined;
  for (const { name, label } of NAMES) {
    if (!head.endsWith(name)) continue;
    const before = head.slice(0, head.length - name.length);
    // English names end a word ("hotdog" is not "dog"); a Chinese name of two or more characters may
    // follow a modifier ("红色雨伞"), a single one may not ("面包" is bread, not a 包).
    if (before === '' || before.endsWith(' ') || (HAN.test(name) && name.length > 1 && HAN.test(before))) return label;
  }
  return undefined;
}
