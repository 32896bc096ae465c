import { describe, expect, it } from 'vitest';
import { TeamUpdateBudget } from './update-budget.js';

function budget(perMinute = 60, burst = 2) {
  let t = 0;
  const b = new TeamUpdateBudget({ perMinute, burst, now: () => t });
  return { b, advance: (ms: number) => (t += ms) };
}

describe('TeamUpdateBudget', () => {
  it('allows a burst, then one token per interval, per team', async () => {
    const { b, advance } = budget(60, 2);
    await b.acquire('T1');
    await b.acquire('T1');
    expect(b.waitMs('T1')).toBe(1000);
    expect(b.waitMs('T2')).toBe(0);
    advance(500);
    expect(b.waitMs('T1')).toBe(500);
    advance(500);
    expect(b.waitMs('T1')).toBe(0);
  });

  it('shares the bucket across jobs of one team and lets finals run into debt', () => {
    const { b } = budget(60, 1);
    b.takeUrgent('T1');
    b.takeUrgent('T1');
    expect(b.waitMs('T1')).toBe(2000);
  });

  it('pauses a team for Retry-After', () => {
    const { b, advance } = budget(60, 5);
    b.pause('T1', 3000);
    expect(b.waitMs('T1')).toBe(3000);
    advance(3000);
    expect(b.waitMs('T1')).toBe(0);
  });

  it('stops waiting when aborted', async () => {
    const b = new TeamUpdateBudget({ perMinute: 1, burst: 1 });
    await b.acquire('T1');
    const controller = new AbortController();
    const waiting = b.acquire('T1', controller.signal);
    controller.abort(new Error('finished'));
    await expect(waiting).rejects.toThrow('finished');
  });
});
