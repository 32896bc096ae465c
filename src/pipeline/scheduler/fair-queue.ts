// Per-user FIFO queues served round robin: the user served longest ago goes
// next, so a user who just got the device waits behind everyone else.

export interface FairItem {
  id: string;
  userId: string;
}

interface Queued<T> {
  item: T;
  /** Submit order; breaks ties between users who were never served. */
  seq: number;
}

/** Served marks start at 0; users never served rank before all of them. */
const NEVER_SERVED = -1;

export class FairQueue<T extends FairItem> {
  readonly #queues = new Map<string, Queued<T>[]>();
  readonly #lastServed = new Map<string, number>();
  #submitSeq = 0;
  #serveSeq = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    const queue = this.#queues.get(item.userId) ?? [];
    queue.push({ item, seq: this.#submitSeq++ });
    this.#queues.set(item.userId, queue);
    this.#size++;
  }

  /** Removes a queued item; false when it is not queued. */
  remove(id: string): boolean {
    for (const [userId, queue] of this.#queues) {
      const index = queue.findIndex((q) => q.item.id === id);
      if (index < 0) continue;
      queue.splice(index, 1);
      if (queue.length === 0) this.#queues.delete(userId);
      this.#size--;
      return true;
    }
    return false;
  }

  /** Takes the next item under the round robin and marks its user as just served. */
  next(): T | undefined {
    const userId = this.#usersInTurn()[0];
    if (userId === undefined) return undefined;
    const queue = this.#queues.get(userId);
    const head = queue?.shift();
    if (!queue || !head) return undefined;
    if (queue.length === 0) this.#queues.delete(userId);
    this.#size--;
    this.#lastServed.set(userId, this.#serveSeq++);
    return head.item;
  }

  /**
   * Every queued item in the order `next()` would hand them out. Serving a user
   * moves it behind all others, so the order is rounds over the users in turn.
   */
  order(): T[] {
    const users = this.#usersInTurn().map((userId) => this.#queues.get(userId) ?? []);
    const out: T[] = [];
    for (let round = 0; out.length < this.#size; round++) {
      for (const queue of users) {
        const queued = queue[round];
        if (queued) out.push(queued.item);
      }
    }
    return out;
  }

  /**
   * Forgets when idle users were served, so the table does not grow forever.
   * Only safe while nothing is queued (the marks only order waiting users).
   */
  forgetServed(keep: ReadonlySet<string>): void {
    if (this.#size > 0) return;
    for (const userId of this.#lastServed.keys()) {
      if (!keep.has(userId)) this.#lastServed.delete(userId);
    }
  }

  #usersInTurn(): string[] {
    const key = (userId: string): [number, number] => [
      this.#lastServed.get(userId) ?? NEVER_SERVED,
      this.#queues.get(userId)?.[0]?.seq ?? 0,
    ];
    return [...this.#queues.keys()].sort((a, b) => {
      const [servedA, seqA] = key(a);
      const [servedB, seqB] = key(b);
      return servedA - servedB || seqA - seqB;
    });
  }
}
