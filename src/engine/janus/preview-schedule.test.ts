import { describe, expect, it } from 'vitest';
import { PreviewSchedule } from './preview-schedule.js';

/** Rows at which a preview happens when every row costs rowMs and every preview decodeMs. */
function plan(rows: number, rowMs: number, decodeMs: number): number[] {
  const schedule = new PreviewSchedule({ maxShare: 0.15, rows }, decodeMs);
  const at: number[] = [];
  for (let r = 1; r <= rows; r++) {
    schedule.addGeneration(rowMs);
    if (schedule.shouldPreview(r)) {
      schedule.recordPreview(decodeMs);
      at.push(r);
    }
  }
  const share = (decodeMs * at.length) / (rowMs * rows + decodeMs * at.length);
  expect(share).toBeLessThanOrEqual(0.15 + 1e-9);
  return at;
}

describe('preview schedule', () => {
  it('previews every row when decoding is cheap', () => {
    expect(plan(8, 10, 1)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('spaces previews out as decoding gets dearer, never previewing the last row', () => {
    const cheap = plan(24, 2500, 1000);
    const dear = plan(24, 2500, 4000);
    expect(cheap.length).toBeGreaterThan(dear.length);
    expect(dear.length).toBeGreaterThan(0);
    expect(cheap).not.toContain(24);
    // k follows the decode cost: ~(0.85 / 0.15) * 4000 / 2500 = 9 rows between previews.
    expect(dear[1]! - dear[0]!).toBeGreaterThanOrEqual(9);
  });

  it('adapts to the measured cost, not the first guess', () => {
    const schedule = new PreviewSchedule({ maxShare: 0.15, rows: 10 }, 1);
    schedule.addGeneration(100);
    expect(schedule.shouldPreview(1)).toBe(true);
    schedule.recordPreview(50);
    schedule.addGeneration(100);
    expect(schedule.shouldPreview(2)).toBe(false);
  });
});
