import { describe, expect, it } from 'vitest';
import { smoothEdgePreserving } from './edge-preserving.js';

describe('smoothEdgePreserving', () => {
  it('flattens noise but keeps a strong edge', async () => {
    const w = 80;
    const h = 20;
    const rgb = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i += 1) rgb.fill((i % w < 40 ? 40 : 210) + ((i * 7919) % 13) - 6, i * 3, i * 3 + 3);
    const out = await smoothEdgePreserving(rgb, w, h, { sigmaSpace: 10, sigmaRange: 0.1 });
    const at = (x: number) => out[(10 * w + x) * 3]!;
    expect(Math.abs(at(38) - 40)).toBeLessThan(5);
    expect(Math.abs(at(41) - 210)).toBeLessThan(5);
    let spread = 0;
    for (let x = 5; x < 35; x += 1) spread = Math.max(spread, Math.abs(at(x) - at(5)));
    expect(spread).toBeLessThan(6);
  });
});
