import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { argmax, guide, sample } from './sampler.js';

describe('seeded rng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const take = (seed: number) =>
      Array.from(
        { length: 5 },
        (() => {
          const r = createRng(seed);
          return () => r.next();
        })(),
      );
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    for (const v of take(9)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('is roughly uniform', () => {
    const rng = createRng(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) buckets[Math.floor(rng.next() * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(150);
  });
});

describe('sampling', () => {
  const logits = Float32Array.from([0, 3, 1, 2.9]);

  it('is greedy at temperature 0', () => {
    expect(sample(logits, { temperature: 0, topK: 0, topP: 1 }, createRng(1))).toBe(1);
    expect(argmax([1, 5, 5])).toBe(1);
  });

  it('keeps only the top k tokens', () => {
    const rng = createRng(2);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(sample(logits, { temperature: 1, topK: 2, topP: 1 }, rng));
    expect([...seen].sort()).toEqual([1, 3]);
  });

  it('keeps the smallest set reaching top p', () => {
    const rng = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++)
      seen.add(sample(Float32Array.from([0, 10, 0, 0]), { temperature: 1, topK: 0, topP: 0.9 }, rng));
    expect([...seen]).toEqual([1]);
  });

  it('follows the probabilities', () => {
    const rng = createRng(4);
    let ones = 0;
    for (let i = 0; i < 4000; i++)
      if (sample(Float32Array.from([0, Math.log(3)]), { temperature: 1, topK: 0, topP: 1 }, rng) === 1) ones++;
    expect(ones / 4000).toBeGreaterThan(0.72);
    expect(ones / 4000).toBeLessThan(0.78);
  });

  it('guides as uncond + w * (cond - uncond)', () => {
    expect(Array.from(guide(Float32Array.from([1, 2]), Float32Array.from([0, 4]), 5))).toEqual([5, -6]);
  });
});
