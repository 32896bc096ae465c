// Colour words the planner understands (English and Chinese) and their sRGB values.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** English names; the planner's patterns are built from these keys. */
export const EN_COLORS: Record<string, string> = {
  red: '#d62828',
  crimson: '#b0122b',
  maroon: '#800000',
  pink: '#ff7eb6',
  magenta: '#e0218a',
  orange: '#f77f00',
  yellow: '#ffd60a',
  gold: '#d4a017',
  golden: '#d4a017',
  green: '#2a9d3f',
  lime: '#84cc16',
  olive: '#6b7f2a',
  teal: '#0f8b8d',
  cyan: '#00b4d8',
  turquoise: '#30d5c8',
  blue: '#1d4ed8',
  'sky blue': '#7cc4ff',
  'light blue': '#93c5fd',
  'dark blue': '#1e3a8a',
  navy: '#1b2a5a',
  purple: '#7b2cbf',
  violet: '#8f5bd6',
  lavender: '#b9a4e8',
  brown: '#7f4f24',
  beige: '#e8dcc4',
  black: '#111111',
  white: '#ffffff',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
};

/** Chinese names, longest first matters only to the planner's alternation (it sorts). */
export const ZH_COLORS: Record<string, string> = {
  红: '#d62828',
  大红: '#d62828',
  粉红: '#ff7eb6',
  粉: '#ff7eb6',
  橙: '#f77f00',
  橘: '#f77f00',
  黄: '#ffd60a',
  金: '#d4a017',
  绿: '#2a9d3f',
  青: '#00b4d8',
  天蓝: '#7cc4ff',
  浅蓝: '#93c5fd',
  深蓝: '#1e3a8a',
  蓝: '#1d4ed8',
  紫: '#7b2cbf',
  棕: '#7f4f24',
  咖啡: '#6f4e37',
  米: '#e8dcc4',
  黑: '#111111',
  白: '#ffffff',
  灰: '#808080',
  银: '#c0c0c0',
};

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour word or #hex to RGB; undefined when it is not a colour we know. */
export function parseColor(value: string): Rgb | undefined {
  const key = value.trim().toLowerCase().replace(/色$/, '');
  const hex = HEX.test(key) ? key : (EN_COLORS[key] ?? ZH_COLORS[key]);
  if (!hex) return undefined;
  const digits = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return {
    r: parseInt(digits.slice(0, 2), 16),
    g: parseInt(digits.slice(2, 4), 16),
    b: parseInt(digits.slice(4, 6), 16),
  };
}

/** Canonical English name for a colour word (what plans carry), or the #hex as given. */
export function canonicalColor(value: string): string {
  const key = value.trim().toLowerCase().replace(/色$/, '');
  if (EN_COLORS[key] || HEX.test(key)) return key;
  const hex = ZH_COLORS[key];
  if (!hex) return key;
  const en = Object.entries(EN_COLORS).find(([, h]) => h === hex);
  return en ? en[0] : hex;
}
