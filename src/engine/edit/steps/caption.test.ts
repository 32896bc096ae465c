import { describe, expect, it } from 'vitest';
import { testPhoto } from '../../../../test/helpers/engine/test-photo.js';
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
  it('draws emoji in colour, not as boxes; a caption of flags only leaves the image as it was', async () => {
    const grey = { ...testPhoto(600, 400), data: new Uint8Array(600 * 400 * 3).fill(128) };
    const out = await caption(grey, '周末快乐 🎉🎈', 'bottom');
    let coloured = 0;
    for (let i = 0; i < out.data.length; i += 3) {
      const [r, g, b] = [out.data[i]!, out.data[i + 1]!, out.data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
    }
    expect(coloured).toBeGreaterThan(300);
    expect((await caption(grey, '🇨🇭', 'top')).data).toEqual(grey.data);
  });
});
