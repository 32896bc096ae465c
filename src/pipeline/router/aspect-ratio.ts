import type { AspectRatio } from '../types.js';

// Aspect ratios as people write them, shared by the router's flags and the edit planner
// (a leaf: the planner runs inside the edit task, which must not load the router's task words).

/** Named shapes people type instead of numbers (shared with the edit planner). */
export const NAMED_ASPECTS: Readonly<Record<string, AspectRatio>> = {
  square: { w: 1, h: 1 },
  instagram: { w: 1, h: 1 },
  portrait: { w: 3, h: 4 },
  landscape: { w: 4, h: 3 },
  wide: { w: 16, h: 9 },
  widescreen: { w: 16, h: 9 },
  tall: { w: 9, h: 16 },
  story: { w: 9, h: 16 },
  stories: { w: 9, h: 16 },
  正方形: { w: 1, h: 1 },
  方形: { w: 1, h: 1 },
  方图: { w: 1, h: 1 },
  竖版: { w: 3, h: 4 },
  竖屏: { w: 9, h: 16 },
  横版: { w: 4, h: 3 },
  横屏: { w: 16, h: 9 },
  宽屏: { w: 16, h: 9 },
};

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Parses `16:9`, `16：9`, `16x9`, `4 by 5`, `16比9`, `1.91:1` or a named shape; integers are reduced (1920:1080 -> 16:9). */
export function parseAspect(value: string): AspectRatio | undefined {
  const v = value.trim().toLowerCase();
  const named = NAMED_ASPECTS[v];
  if (named) return { ...named };
  const m = /^(\d+(?:\.\d+)?)\s*(?:[:：x×/比]|by)\s*(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) return undefined;
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (!(w > 0 && h > 0) || w > 100_000 || h > 100_000) return undefined;
  if (Number.isInteger(w) && Number.isInteger(h)) {
    const d = gcd(w, h);
    return { w: w / d, h: h / d };
  }
  return { w, h };
}
