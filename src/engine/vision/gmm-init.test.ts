import { describe, expect, it } from 'vitest';
import { GMM_COMPONENTS, GMM_MODEL_SIZE, initialGmm } from './gmm-init.js';

describe('initialGmm', () => {
  // Two colour populations: 300 reddish and 100 bluish pixels, with a little spread.
  const pixels = 400;
  const rgb = new Uint8Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const jitter = (i * 37) % 9;
    rgb.set(i < 300 ? [200 + jitter, 30, 40 - jitter] : [20, 40 + jitter, 210], i * 3);
  }

  it('lays the model out as OpenCV does: weights, means, covariances', () => {
    const model = initialGmm(rgb, pixels, () => true)!;
    expect(model).toHaveLength(GMM_MODEL_SIZE);
    const weights = Array.from(model.subarray(0, GMM_COMPONENTS));
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    // Some component sits on each population.
    const means = Array.from({ length: GMM_COMPONENTS }, (_, c) => Array.from(model.subarray(5 + c * 3, 8 + c * 3)));
    expect(means.some(([r, , b], c) => weights[c]! > 0 && r! > 190 && b! < 60)).toBe(true);
    expect(means.some(([r, , b], c) => weights[c]! > 0 && r! < 40 && b! > 200)).toBe(true);
    // Covariances are symmetric with a positive diagonal (the floor keeps flat colours invertible).
    for (let c = 0; c < GMM_COMPONENTS; c++) {
      if (weights[c] === 0) continue;
      const cov = model.subarray(20 + c * 9, 29 + c * 9);
      expect(cov[1]).toBeCloseTo(cov[3]!, 10);
      for (const d of [0, 4, 8]) expect(cov[d]).toBeGreaterThan(0);
    }
  });

  it('gives the same model every time, and none for no pixels', () => {
    expect(initialGmm(rgb, pixels, (i) => i % 2 === 0)).toEqual(initialGmm(rgb, pixels, (i) => i % 2 === 0));
    expect(initialGmm(rgb, pixels, () => false)).toBeUndefined();
  });
});
