import { describe, expect, it } from 'vitest';
import { ChannelPacer } from './channel-pacer.js';

describe('ChannelPacer', () => {
  it('lets `limit` sends through per window per channel and holds the next one until the window moves', async () => {
    const pacer = new ChannelPacer({ limit: 2, windowMs: 60_000 });
    await pacer.wait('a');
    await pacer.wait('a');
    let third = false;
    void pacer.wait('a').then(() => (third = true));
    await pacer.wait('b'); // another channel is not held
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
  });

  it('holds a channel after a back-off and serves waiters in order', async () => {
    const pacer = new ChannelPacer({ limit: 10, windowMs: 1000 });
    pacer.backOff('a', 60_000);
    let released = false;
    void pacer.wait('a').then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(released).toBe(false);
    const order: number[] = [];
    const other = new ChannelPacer({ limit: 10, windowMs: 1000 });
    await Promise.all([1, 2, 3].map((n) => other.wait('c').then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('gives a waiting turn up when its signal aborts, without taking a send from the next caller', async () => {
    const pacer = new ChannelPacer({ limit: 1, windowMs: 300 });
    await pacer.wait('a');
    const firstSend = Date.now();
    const abort = new AbortController();
    let resolved = false;
    const waiting = pacer.wait('a', abort.signal).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(false);
    abort.abort();
    await waiting;
    expect(resolved).toBe(true);
    // Had the aborted turn taken a send, the next one would wait a second window (600 ms from the first).
    await pacer.wait('a');
    expect(Date.now() - firstSend).toBeLessThan(500);
  });

  it('resolves at once for a signal already aborted', async () => {
    const pacer = new ChannelPacer({ limit: 1, windowMs: 60_000 });
    await pacer.wait('a');
    await pacer.wait('a', AbortSignal.abort());
  });
});
