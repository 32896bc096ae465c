import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue.js';

interface Item {
  id: string;
  userId: string;
}

const item = (id: string): Item => ({ id, userId: id.replace(/\d+$/, '') });

function drain(queue: FairQueue<Item>): string[] {
  const out: string[] = [];
  for (let next = queue.next(); next; next = queue.next()) out.push(next.id);
  return out;
}

describe('FairQueue', () => {
  it('serves users round robin in the order they first queued', () => {
    const queue = new FairQueue<Item>();
    for (const id of ['a1', 'a2', 'a3', 'b1', 'b2', 'c1']) queue.push(item(id));
    expect(queue.order().map((i) => i.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(drain(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(queue.size).toBe(0);
  });

  it('puts a user who was just served behind a newcomer', () => {
    const queue = new FairQueue<Item>();
    queue.push(item('a1'));
    expect(queue.next()?.id).toBe('a1');
    for (const id of ['a2', 'a3', 'a4', 'a5', 'b1']) queue.push(item(id));
    expect(drain(queue)).toEqual(['b1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('removes a queued item and reports unknown ones', () => {
    const queue = new FairQueue<Item>();
    for (const id of ['a1', 'a2', 'b1']) queue.push(item(id));
    expect(queue.remove('a1')).toBe(true);
    expect(queue.remove('a1')).toBe(false);
    expect(queue.order().map((i) => i.id)).toEqual(['a2', 'b1']);
  });

  it('order() always equals the sequence next() hands out (random workloads)', () => {
    // Small deterministic PRNG so a failure can be replayed.
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    for (let trial = 0; trial < 200; trial++) {
      const queue = new FairQueue<Item>();
      let counter = 0;
      for (let step = 0; step < 30; step++) {
        const action = random(4);
        if (action < 2) {
          queue.push({ id: `j${counter++}`, userId: `u${random(4)}` });
        } else if (action === 2) {
          const predicted = queue.order()[0]?.id;
          expect(queue.next()?.id).toBe(predicted);
        } else {
          const victim = queue.order()[random(Math.max(1, queue.size))];
          if (victim) queue.remove(victim.id);
        }
      }
      const predicted = queue.order().map((i) => i.id);
      expect(drain(queue)).toEqual(predicted);
    }
  });

  it('forgets served marks only when nothing is queued', () => {
    const queue = new FairQueue<Item>();
    queue.push(item('a1'));
    queue.next();
    queue.push(item('a2'));
    queue.forgetServed(new Set());
    queue.push(item('b1'));
    // a was served and the mark survived: b goes first.
    expect(queue.order().map((i) => i.id)).toEqual(['b1', 'a2']);
    drain(queue);
    queue.forgetServed(new Set());
    queue.push(item('a3'));
    queue.push(item('b2'));
    // Both forgotten: submit order decides.
    expect(queue.order().map((i) => i.id)).toEqual(['a3', 'b2']);
  });
});
