// Curated colour schemes for posters and the words (en/zh) that pick them.

export interface Palette {
  name: string;
  /** Gradient stops of the plain background, top-left to bottom-right. */
  background: readonly [string, string];
  /** Colours of the geometric shapes, strongest first. */
  shapes: readonly string[];
  headline: string;
  body: string;
  /** Rules, detail text and small marks. */
  accent: string;
  /** Words for the image model when the background is generated. */
  mood: string;
  /** The drawn motif of a plain background for this look (leaves for autumn, a grid for cyberpunk); none: geometric shapes. */
  motif?: Motif;
}

export type Motif =
  'leaves' | 'snow' | 'petals' | 'waves' | 'sunburst' | 'frame' | 'glow' | 'grid' | 'blobs' | 'rings' | 'minimal';

export const PALETTES = {
  sunrise: {
    name: 'sunrise',
    background: ['#fff4e6', '#ffd6bf'],
    shapes: ['#ff7a59', '#ffb347', '#2e4057'],
    headline: '#1f2a44',
    body: '#33304a',
    accent: '#b8401f',
    mood: 'warm sunrise colours, peach and coral',
  },
  spring: {
    name: 'spring',
    background: ['#f3faea', '#d4efcb'],
    shapes: ['#6dbb5a', '#f49ab5', '#ffd966'],
    headline: '#143d2b',
    body: '#1f4a36',
    accent: '#b3305f',
    mood: 'fresh spring greens and blossom pink',
    motif: 'petals',
  },
  ocean: {
    name: 'ocean',
    background: ['#e4f4ff', '#b3dcff'],
    shapes: ['#1e88e5', '#ffc93c', '#4dd0e1'],
    headline: '#0b2545',
    body: '#13315c',
    accent: '#b7410e',
    mood: 'bright summer blues and sunny yellow',
    motif: 'waves',
  },
  autumn: {
    name: 'autumn',
    background: ['#fbe7c6', '#eeb074'],
    shapes: ['#c2410c', '#8b2e0f', '#e9a23b', '#7a8b2a'],
    headline: '#3b1a08',
    body: '#4a2410',
    accent: '#9a3412',
    mood: 'autumn leaves, amber, rust and gold',
    motif: 'leaves',
  },
  winter: {
    name: 'winter',
    background: ['#0f1b2d', '#1f3d63'],
    shapes: ['#3f7fb8', '#a7c7e7', '#e8f1fb'],
    headline: '#ffffff',
    body: '#dce8f5',
    accent: '#8fd6ff',
    mood: 'cold winter night blues and snow white',
    motif: 'snow',
  },
  festive: {
    name: 'festive',
    background: ['#b3141b', '#6e0b10'],
    shapes: ['#e63946', '#f4c542', '#ffd166'],
    headline: '#fff3d6',
    body: '#ffe6b3',
    accent: '#ffd166',
    mood: 'festive red and gold',
  },
  minimal: {
    name: 'minimal',
    background: ['#fafaf7', '#ecebe5'],
    shapes: ['#1a1a1a', '#d6d5ce', '#e63946'],
    headline: '#111111',
    body: '#2b2b2b',
    accent: '#c62828',
    mood: 'minimal, clean off-white with a single accent',
  },
  retro: {
    name: 'retro',
    background: ['#f3e3c3', '#e6c594'],
    shapes: ['#d9643a', '#2a6f6b', '#e8a33d'],
    headline: '#2b2118',
    body: '#3a2c1f',
    accent: '#9e3320',
    mood: 'retro 1970s print, cream, burnt orange and teal',
    motif: 'sunburst',
  },
  neon: {
    name: 'neon',
    background: ['#0d0221', '#2a1250'],
    shapes: ['#ff2a6d', '#05d9e8', '#d1f7ff'],
    headline: '#ffffff',
    body: '#d1f7ff',
    accent: '#05d9e8',
    mood: 'neon lights at night, magenta and cyan glow',
    motif: 'glow',
  },
  elegant: {
    name: 'elegant',
    background: ['#121212', '#2c2a26'],
    shapes: ['#c9a227', '#8c7853', '#3d3a33'],
    headline: '#f5e6b8',
    body: '#e8dcc0',
    accent: '#d4af37',
    mood: 'elegant black and gold, luxurious',
  },
  playful: {
    name: 'playful',
    background: ['#fff8e1', '#ffe0ef'],
    shapes: ['#ff6f91', '#ffc75f', '#845ec2', '#00c9a7'],
    headline: '#2c1b47',
    body: '#3d2a5c',
    accent: '#a4305a',
    mood: 'playful bright candy colours',
  },
  forest: {
    name: 'forest',
    background: ['#0b3d2e', '#145a3c'],
    shapes: ['#2d936c', '#a7d46f', '#f2e8cf'],
    headline: '#f0fff4',
    body: '#d8f3dc',
    accent: '#c7f08f',
    mood: 'deep forest greens, nature',
  },
  sunny: {
    name: 'sunny',
    background: ['#ffd84d', '#ffb703'],
    shapes: ['#fb5607', '#ffffff', '#1a1a1a'],
    headline: '#1a1a1a',
    body: '#262626',
    accent: '#1a1a1a',
    mood: 'sunny yellow and bold orange',
  },
  violet: {
    name: 'violet',
    background: ['#2d1b69', '#5b2a86'],
    shapes: ['#f72585', '#b5179e', '#4cc9f0'],
    headline: '#ffffff',
    body: '#ede7ff',
    accent: '#7ee3ff',
    mood: 'deep violet with pink and cyan',
  },
  blossom: {
    name: 'blossom',
    background: ['#ffe8ef', '#ffc4d6'],
    shapes: ['#ff6f91', '#ffffff', '#c9184a'],
    headline: '#4a1030',
    body: '#5c1a3c',
    accent: '#a3123f',
    mood: 'soft cherry blossom pinks',
  },
  cyberpunk: {
    name: 'cyberpunk',
    background: ['#06070d', '#151833'],
    shapes: ['#fcee0a', '#00f0ff', '#ff2a6d'],
    headline: '#fcee0a',
    body: '#e0fbff',
    accent: '#ff2a6d',
    mood: 'cyberpunk city at night, acid yellow, cyan and hot pink, glowing grid',
    motif: 'grid',
  },
  vintage: {
    name: 'vintage',
    background: ['#f1e6cf', '#dcc9a3'],
    shapes: ['#7a4b2a', '#a63d2f', '#3e5c58'],
    headline: '#2a1d12',
    body: '#3b2a1a',
    accent: '#8a2f22',
    mood: 'vintage printed paper, sepia, faded red and teal',
    motif: 'frame',
  },
  pastel: {
    name: 'pastel',
    background: ['#fdf2f8', '#eef2ff'],
    shapes: ['#f9c6d9', '#c7d2fe', '#bbf7d0', '#fde68a'],
    headline: '#3b2e5a',
    body: '#4a3f66',
    accent: '#c2417a',
    mood: 'soft pastel pink, lavender and mint',
    motif: 'blobs',
  },
  dark: {
    name: 'dark',
    background: ['#0e0f12', '#1f2229'],
    shapes: ['#3a3f4b', '#60677a', '#e0b34a'],
    headline: '#f4f4f5',
    body: '#d4d4d8',
    accent: '#e0b34a',
    mood: 'dark and moody, charcoal with a warm highlight',
    motif: 'rings',
  },
} as const satisfies Record<string, Palette>;

export type PaletteName = keyof typeof PALETTES;

/**
 * Word patterns (English and Chinese) for each palette; style words a user types, theme words a text holds.
 * At the same place the earlier rule wins ("spring festival" is festive, not spring).
 */
const STYLE_WORDS: readonly (readonly [RegExp, PaletteName, 'mood' | 'colour'])[] = [
  [/\bminimal(?:ist|istic)?\b|\bclean\b|\bsimple\b|简约|极简|简洁|素雅/i, 'minimal', 'mood'],
  [/\bretro\b|\b(?:19)?[5-8]0s\b|复古/i, 'retro', 'mood'],
  [/\bvintage\b|\bold[- ]fashioned\b|\bvictorian\b|\bsepia\b|怀旧|老式|旧时光|年代感/i, 'vintage', 'mood'],
  [/\bcyber(?:punk)?\b|\bsci-?fi\b|\bfuturistic\b|赛博|科幻|未来感/i, 'cyberpunk', 'mood'],
  [/\bneon\b|\bsynthwave\b|\bglow(?:ing|y)?\b|霓虹|荧光/i, 'neon', 'mood'],
  [/\bpastels?\b|\bsoft colou?rs?\b|\bmacaron\b|马卡龙|粉彩|淡彩|柔和/i, 'pastel', 'mood'],
  [/\bdark\b|\bmoody\b|\bgothic\b|\bnoir\b|暗黑|黑暗|深色|暗色|哥特/i, 'dark', 'mood'],
  [/\belegant\b|\bluxur(?:y|ious)\b|\bclassy\b|\bgold(?:en)?\b|优雅|高级|奢华|金色|高端/i, 'elegant', 'mood'],
  [/\bplayful\b|\bfun\b|\bcute\b|\bkids?\b|\bchildren'?s?\b|可爱|童趣|活泼|儿童/i, 'playful', 'mood'],
  [
    /\bfestive\b|\bchinese new year\b|\blunar new year\b|\bspring festival\b|喜庆|春节|新年|过年|中国风/i,
    'festive',
    'mood',
  ],
  [/\bautumn(?:al)?\b|\bfall\b|\bharvest\b|秋/i, 'autumn', 'mood'],
  [/\bwinter(?:y)?\b|\bsnowy?\b|\bchristmas\b|\bxmas\b|冬|雪|圣诞/i, 'winter', 'mood'],
  [/\bspring(?:time|y)?\b|春(?!节)/i, 'spring', 'mood'],
  [/\bsummer(?:y|time)?\b|\btropical\b|\bbeach\b|夏|海边/i, 'ocean', 'mood'],
  [/\bred\b|红/i, 'festive', 'colour'],
  [/\bblue\b|蓝/i, 'ocean', 'colour'],
  [/\bgreen\b|绿/i, 'forest', 'colour'],
  [/\byellow\b|黄/i, 'sunny', 'colour'],
  [/\borange\b|\bcoral\b|\bpeach\b|橙|橘/i, 'sunrise', 'colour'],
  [/\bpurple\b|\bviolet\b|紫/i, 'violet', 'colour'],
  [/\bpink\b|粉/i, 'blossom', 'colour'],
  [/\bblack\b|黑/i, 'dark', 'colour'],
  [/\bwhite\b|白色/i, 'minimal', 'colour'],
];

/** True when a word or phrase names a look or colour the palettes know. */
export function isKnownStyle(phrase: string): boolean {
  return STYLE_WORDS.some(([re]) => re.test(phrase));
}

/** "X style", "in an X look", "X风格", "有X的感觉": the X a user asked for. */
const STYLE_ASKS: readonly RegExp[] = [
  /\b(?:in|with)\s+(?:an?\s+|the\s+)?((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)[\s-]+(?:style|styled|look|theme|aesthetic|vibes?|feel(?:ing)?|mood)\b/gi,
  /(?:^|[,;]\s*|\b(?:a|an)\s+)((?:[a-z][\w-]*\s+){0,1}[a-z][\w-]*)[\s-](?:style|styled|look|themed|aesthetic|vibes?)\b/gi,
  /\b(?:make\s+it|it\s+should|should)\s+(?:feel|look|be)\s+(?:like\s+|more\s+|very\s+)?(?:an?\s+|the\s+)?([a-z][\w-]*)/gi,
  /\b(steampunk|art deco|art nouveau|bauhaus|grunge|baroque|boho|bohemian|kawaii|y2k|vaporwave|pop art|psychedelic|brutalist|memphis|ukiyo-e|watercolou?r|pixel art|grunge)\b/gi,
  /((?:(?!风格|风|的|一张|一个|一份|一幅|做|画|设计|制作|生成|海报|来)[^\s，,。；;：:“”"'‘’])+)(?:的)?(?:风格|风(?![景光])|主题|色调|配色)/g,
  /有(?:点|些|一点)?((?:(?!的)[^\s，,。；;：:])+?)的?(?:感觉|氛围|味道|效果|气息)/g,
  /(蒸汽朋克|水墨|国潮|水彩|像素|手绘|油画|波普|莫兰迪|工业风|田园|森系|ins风|日系|韩系|港风|敦煌)/g,
];

/** Phrases that look like a style but are not one ("this style", "poster style"). */
const NOT_A_STYLE =
  /^(?:this|that|same|my|your|our|any|a|an|the|poster|flyer|banner|new|different|other|一样|同样|这种|那种|这个|那个|什么|海报)$/i;

/**
 * The looks a user asked for, split into those a palette serves and those none does
 * (the reply says those were not used).
 */
export function styleRequest(instruction: string): { known: string[]; unknown: string[] } {
  const known = new Set<string>();
  const unknown = new Set<string>();
  for (const re of STYLE_ASKS) {
    for (const m of instruction.matchAll(re)) {
      // "做一张秋天风格的": the measure word before the style is no part of it.
      const phrase = (m[1] ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .replace(/^(?:做|画|设计|制作|生成|来)?一?[张个份幅款]/u, '');
      if (!phrase || NOT_A_STYLE.test(phrase)) continue;
      (isKnownStyle(phrase) ? known : unknown).add(phrase.toLowerCase());
    }
  }
  for (const k of known) for (const u of [...unknown]) if (u.includes(k) || k.includes(u)) unknown.delete(u);
  return { known: [...known], unknown: [...unknown] };
}

/** Seasons and moods a poster's own text suggests, used when the user named no style. */
const THEME_WORDS: readonly (readonly [RegExp, PaletteName])[] = [
  [/\bchinese new year\b|\blunar new year\b|春节|新年|元宵|中秋|喜/i, 'festive'],
  [/\bspring\b|\beaster\b|\bgarden\b|\bbloom|春|花/i, 'spring'],
  [/\bsummer\b|\bbeach\b|\bsea\b|\bocean\b|\bpool\b|\bsurf|夏|海|泳/i, 'ocean'],
  [/\bautumn\b|\bfall\b|\bharvest\b|\bhalloween\b|秋|丰收/i, 'autumn'],
  [/\bwinter\b|\bsnow|\bski\b|\bchristmas\b|\bxmas\b|冬|雪|圣诞/i, 'winter'],
  [/\bparty\b|\bdisco\b|\bnight\b|\bclub\b|\bconcert\b|\bmusic\b|派对|音乐|夜/i, 'neon'],
  [/\bsale\b|\boff\b|\bdiscount\b|促销|折|特价/i, 'sunny'],
  [/\bforest\b|\bhik(?:e|ing)\b|\bnature\b|\bcamp(?:ing)?\b|森林|徒步|自然|露营/i, 'forest'],
];

/** Palettes chosen among by the seed when neither the instruction nor the text suggests one. */
const DEFAULT_ROTATION: readonly PaletteName[] = ['sunrise', 'ocean', 'spring', 'violet', 'minimal', 'retro'];

export interface PaletteChoice {
  palette: Palette;
  /** What decided it: a style word the user typed, a theme in the text, or the seed. */
  reason: 'style' | 'theme' | 'seed';
}

function firstMatch<T>(
  text: string,
  rules: readonly (readonly [RegExp, T, ...unknown[]])[],
): { at: number; rule: readonly [RegExp, T, ...unknown[]] } | undefined {
  let best: { at: number; rule: readonly [RegExp, T, ...unknown[]] } | undefined;
  for (const rule of rules) {
    const m = rule[0].exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, rule };
  }
  return best;
}

/**
 * Picks the palette: a mood word the user typed ("minimal", "复古") wins, with a
 * colour word ("red") as its accent; a colour word alone picks its scheme; then a
 * theme in the poster's text ("Spring", "春"); then the seed.
 */
export function choosePalette(instruction: string, posterText: string, seed: number): PaletteChoice {
  const moods = STYLE_WORDS.filter((r) => r[2] === 'mood');
  const colours = STYLE_WORDS.filter((r) => r[2] === 'colour');
  const mood = firstMatch(instruction, moods);
  const colour = firstMatch(instruction, colours);
  if (mood) {
    const base: Palette = PALETTES[mood.rule[1]];
    if (!colour || colour.rule[1] === base.name) return { palette: base, reason: 'style' };
    const tint: Palette = PALETTES[colour.rule[1]];
    return { palette: { ...base, shapes: [tint.shapes[0] as string, ...base.shapes.slice(1)] }, reason: 'style' };
  }
  if (colour) return { palette: PALETTES[colour.rule[1]], reason: 'style' };
  const theme = firstMatch(posterText, THEME_WORDS);
  if (theme) return { palette: PALETTES[theme.rule[1]], reason: 'theme' };
  const pick = DEFAULT_ROTATION[Math.abs(Math.trunc(seed)) % DEFAULT_ROTATION.length] as PaletteName;
  return { palette: PALETTES[pick], reason: 'seed' };
}
