// What both schedulers (the embedded one and the Redis one) share about their callers: `onIdle`
// promises, and job callbacks whose errors are reported instead of breaking the scheduler.

/** The promises `onIdle()` hands out, resolved together once nothing is queued or running. */
export class IdleWaiters {
  #waiters: (() => void)[] = [];

  /** Resolved at once when `idle`, otherwise at the first `check(true)`. */
  wait(idle: boolean): Promise<void> {
    if (idle) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Called whenever a job leaves: when `idle`, every waiter is resolved. */
  check(idle: boolean): void {
    if (!idle) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Runs a job callback; what it throws goes to `report`, never into the scheduler. */
export function callGuarded(callback: () => void, report: (error: unknown) => void): void {
  try {
    callback();
  } catch (error) {
    report(error);
  }
}
