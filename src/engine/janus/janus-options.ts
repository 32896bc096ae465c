// Task options of the Janus runners, read from `inputs.options` (plain JSON
// from the pipeline); anything missing or out of range takes the default.
import { randomInt } from 'node:crypto';

export interface GenerateOptions {
  seed: number;
  /** True when the caller gave no seed and one was drawn. */
  seedWasRandom: boolean;
  /** Classifier-free guidance weight (DeepSeek's reference: 5). */
  cfgWeight: number;
  temperature: number;
  topK: number;
  topP: number;
  aspect?: { w: number; h: number };
  previews: boolean;
}

export interface UnderstandOptions {
  seed: number;
  /** 0 = greedy. */
  temperature: number;
  topK: number;
  topP: number;
  maxNewTokens: number;
}

/** DeepSeek's reference settings for image generation (generation_inference.py). */
export const GENERATE_DEFAULTS = { cfgWeight: 5, temperature: 1, topK: 0, topP: 1 } as const;
export const UNDERSTAND_DEFAULTS = { temperature: 0, topK: 0, topP: 1, maxNewTokens: 256 } as const;
const MAX_SEED = 2 ** 32;

function num(raw: Record<string, unknown> | undefined, key: string, ok: (v: number) => boolean): number | undefined {
  const v = raw?.[key];
  return typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : undefined;
}

function seedOf(raw: Record<string, unknown> | undefined): { seed: number; seedWasRandom: boolean } {
  const seed = num(raw, 'seed', (v) => Number.isInteger(v) && v >= 0 && v < MAX_SEED);
  return seed === undefined ? { seed: randomInt(0, 2 ** 31), seedWasRandom: true } : { seed, seedWasRandom: false };
}

function aspectOf(raw: Record<string, unknown> | undefined): { w: number; h: number } | undefined {
  const a = raw?.['aspect'];
  if (!a || typeof a !== 'object') return undefined;
  const { w, h } = a as { w?: unknown; h?: unknown };
  return typeof w === 'number' && typeof h === 'number' && w > 0 && h > 0 ? { w, h } : undefined;
}

export function readGenerateOptions(raw: Record<string, unknown> | undefined): GenerateOptions {
  const aspect = aspectOf(raw);
  return {
    ...seedOf(raw),
    cfgWeight: num(raw, 'cfgWeight', (v) => v >= 0 && v <= 50) ?? GENERATE_DEFAULTS.cfgWeight,
    temperature: num(raw, 'temperature', (v) => v >= 0 && v <= 5) ?? GENERATE_DEFAULTS.temperature,
    topK: num(raw, 'topK', (v) => Number.isInteger(v) && v >= 0) ?? GENERATE_DEFAULTS.topK,
    topP: num(raw, 'topP', (v) => v > 0 && v <= 1) ?? GENERATE_DEFAULTS.topP,
    ...(aspect ? { aspect } : {}),
    previews: raw?.['previews'] !== false,
  };
}

export function readUnderstandOptions(raw: Record<string, unknown> | undefined): UnderstandOptions {
  return {
    seed: seedOf(raw).seed,
    temperature: num(raw, 'temperature', (v) => v >= 0 && v <= 5) ?? UNDERSTAND_DEFAULTS.temperature,
    topK: num(raw, 'topK', (v) => Number.isInteger(v) && v >= 0) ?? UNDERSTAND_DEFAULTS.topK,
    topP: num(raw, 'topP', (v) => v > 0 && v <= 1) ?? UNDERSTAND_DEFAULTS.topP,
    maxNewTokens:
      num(raw, 'maxNewTokens', (v) => Number.isInteger(v) && v >= 1 && v <= 4096) ?? UNDERSTAND_DEFAULTS.maxNewTokens,
  };
}
