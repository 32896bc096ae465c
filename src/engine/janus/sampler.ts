// Picks the next token from logits: greedy, or temperature / top-k / top-p
// sampling driven by a seeded Rng, and classifier-free guidance of two rows.
import type { Rng } from './rng.js';

export interface SamplingOptions {
  /** 0 means greedy (argmax). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Keep the smallest set whose probability reaches p; 1 keeps all. */
  topP: number;
}

/** DeepSeek's reference CFG: uncond + w * (cond - uncond), written into a new array. */
export function guide(cond: Float32Array, uncond: Float32Array, weight: number): Float32Array {
  if (cond.length !== uncond.length) throw new Error('guide: rows differ in length');
  const out = new Float32Array(cond.length);
  for (let i = 0; i < cond.length; i++) out[i] = uncond[i]! + weight * (cond[i]! - uncond[i]!);
  return out;
}

export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/** Samples one index; ties and sort order are broken by index so the same rng state gives the same token. */
export function sample(logits: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  if (!(opts.temperature > 0)) return argmax(logits);
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]!);
  const probs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.exp((logits[i]! - max) / opts.temperature);
    probs[i] = p;
    sum += p;
  }
  const filtering = (opts.topK > 0 && opts.topK < n) || opts.topP < 1;
  if (!filtering) return draw(probs, sum, rng);

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  let keep = opts.topK > 0 ? Math.min(opts.topK, n) : n;
  if (opts.topP < 1) {
    let mass = 0;
    for (let i = 0; i < keep; i++) {
      mass += probs[order[i]!]! / sum;
      if (mass >= opts.topP) {
        keep = i + 1;
        break;
      }
    }
  }
  const kept = new Float64Array(n);
  let keptSum = 0;
  for (let i = 0; i < keep; i++) {
    const idx = order[i]!;
    kept[idx] = probs[idx]!;
    keptSum += probs[idx]!;
  }
  return draw(kept, keptSum, rng);
}

function draw(weights: Float64Array, total: number, rng: Rng): number {
  const target = rng.next() * total;
  let acc = 0;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    acc += w;
    last = i;
    if (acc > target) return i;
  }
  return last;
}
