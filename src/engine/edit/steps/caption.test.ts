import { describe, expect, it } from 'vitest';
import { testPhoto } from '../fixtures/test-photo.js';
import { caption } from './caption.js';

function changedRows(a: Uint8Array, b: Uint8Array, width: number): number[] {
  const rows = new Set<number>();
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) rows.add(Math.floor(i / (width * 3)));
  return [...rows].sort((x, y) => x - y);
}

describe('caption', () => {
  it('draws at the bottom or top only, sized to the image', async () => {
    const input = testPhoto(600, 400);
    const bottom = changedRows(input.data, (await caption(input, 'Hello 你好', 'bottom')).data, 600);
    const top = changedRows(input.data, (await caption(input, 'Hello 你好', 'top')).data, 600);
    expect(bottom[0]!).toBeGreaterThan(300);
    expect(top.at(-1)!).toBeLessThan(100);
    expect(bottom.length).toBeGreaterThan(25);
  });
  it('wraps long text and fits tiny or extreme images', async () => {
    const long = 'The quick brown fox jumps over the lazy dog 敏捷的棕色狐狸跳过了懒狗 '.repeat(3);
    const rows = changedRows(testPhoto(300, 600).data, (await caption(testPhoto(300, 600), long, 'bottom')).data, 300);
    expect(rows.length).toBeGreaterThan(60);
    for (const [w, h] of [
      [16, 16],
      [2000, 40],
      [40, 900],
    ] as const) {
      const out = await caption(testPhoto(w, h), long, 'top');
      expect([out.width, out.height]).toEqual([w, h]);
    }
  });
});
