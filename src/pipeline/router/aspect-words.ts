import type { AspectRatio } from '../types.js';
import { parseAspect } from './params.js';

// "a 4:1 banner", "16:9 wallpaper", "aspect ratio 3:4", "16:9的山水画": a shape said in words, not as --ar.

const RATIO = String.raw`(\d{1,2}(?:\.\d{1,2})?\s*[:：比]\s*\d{1,2}(?:\.\d{1,2})?)`;
const SHAPE_NOUN =
  /(?:banner|poster|flyer|image|picture|pic|photo|wallpaper|header|cover|card|sign|billboard|format|ratio|aspect|version|thumbnail|横幅|海报|图|壁纸|封面|比例|画幅|尺寸|格式|版)/;
const BEFORE_NOUN = new RegExp(String.raw`(?<![\d.:：])${RATIO}(?![\d:：])\s*(?:${SHAPE_NOUN.source}|的)`);
const AFTER_LEAD = new RegExp(
  String.raw`(?:aspect(?:\s+ratio)?|ratio|in|at|比例|画幅|尺寸)\s*(?:of|is|为|是|[:：])?\s*${RATIO}(?![\d:：])`,
);

/** The aspect ratio an instruction names in its words, if any (quoted text already masked). */
export function aspectInWords(match: string): AspectRatio | undefined {
  const m = BEFORE_NOUN.exec(match) ?? AFTER_LEAD.exec(match);
  return m ? parseAspect((m[1] as string).replace(/\s+/g, '')) : undefined;
}
