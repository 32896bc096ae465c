import { describe, expect, it } from 'vitest';
import { callGuarded, IdleWaiters } from './idle-waiters.js';

describe('IdleWaiters', () => {
  it('resolves at once when idle, and otherwise every waiter together at the first idle check', async () => {
    const idle = new IdleWaiters();
    await idle.wait(true);
    const resolved: number[] = [];
    void idle.wait(false).then(() => resolved.push(1));
    void idle.wait(false).then(() => resolved.push(2));
    idle.check(false);
    await Promise.resolve();
    expect(resolved).toEqual([]);
    idle.check(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(resolved).toEqual([1, 2]);
  });
});

describe('callGuarded', () => {
  it('reports what a callback throws instead of throwing it', () => {
    const reported: unknown[] = [];
    callGuarded(
      () => {
        throw new Error('boom');
      },
      (error) => reported.push(error),
    );
    callGuarded(
      () => undefined,
      (error) => reported.push(error),
    );
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('boom');
  });
});
