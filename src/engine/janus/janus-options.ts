// Task options of the Janus runners with their defaults filled in; the ranges were
// checked at the worker boundary (task-inputs.ts).
import { randomInt } from 'node:crypto';
import type { GenerateTaskOptions, UnderstandTaskOptions } from '../types.js';

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

function seedOf(seed: number | undefined): { seed: number; seedWasRandom: boolean } {
  return seed === undefined ? { seed: randomInt(0, 2 ** 31), seedWasRandom: true } : { seed, seedWasRandom: false };
}

export function readGenerateOptions(options: GenerateTaskOptions | undefined): GenerateOptions {
  const o = options ?? {};
  return {
    ...seedOf(o.seed),
    cfgWeight: o.cfgWeight ?? GENERATE_DEFAULTS.cfgWeight,
    temperature: o.temperature ?? GENERATE_DEFAULTS.temperature,
    topK: o.topK ?? GENERATE_DEFAULTS.topK,
    topP: o.topP ?? GENERATE_DEFAULTS.topP,
    ...(o.aspect ? { aspect: o.aspect } : {}),
    previews: o.previews ?? true,
  };
}

export function readUnderstandOptions(options: UnderstandTaskOptions | undefined): UnderstandOptions {
  const o = options ?? {};
  return {
    seed: seedOf(o.seed).seed,
    temperature: o.temperature ?? UNDERSTAND_DEFAULTS.temperature,
    topK: o.topK ?? UNDERSTAND_DEFAULTS.topK,
    topP: o.topP ?? UNDERSTAND_DEFAULTS.topP,
    maxNewTokens: o.maxNewTokens ?? UNDERSTAND_DEFAULTS.maxNewTokens,
  };
}
