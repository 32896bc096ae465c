import type { Locale } from './locale.js';

// The one `{name}` filler and the types that tie a sentence's slots to the values it needs.

/** A sentence in every language Scanline answers in; `{name}` marks a value filled in when it is said. */
export type Sentence = Readonly<Record<Locale, string>>;

/** The `{name}` slots of a sentence, as a union of names. */
export type Slots<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Slots<Rest> : never;

/** The values a sentence asks for: every slot of its English text (a translation may use fewer, never others). */
export type ParamsOf<E extends Sentence> = { readonly [N in Slots<E['en']>]: string | number };

/** The rest argument after the locale: the values when the sentence has slots, nothing when it has none. */
export type ParamArgs<E extends Sentence> = [Slots<E['en']>] extends [never] ? [] : [params: ParamsOf<E>];

/** Values carried as data (a hint, an error's params): not checked against the sentence. */
export type Values = Readonly<Record<string, string | number>>;

const SLOT = /\{(\w+)\}/g;

/** Fills the `{name}` slots; a slot without a value stays as written, so a missing value shows instead of vanishing. */
export function fill(template: string, values: Values): string {
  return template.replace(SLOT, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/** The slot names a sentence uses, in order. */
export function slotsOf(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] as string);
}

/** "a" or "an" before an English label. */
export function article(label: string): string {
  return /^[aeiou]/i.test(label) ? 'an' : 'a';
}
