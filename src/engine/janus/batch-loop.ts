// Continuous batching of Janus sequences (image generations and answers) over
// one language model: a sequence's prompt is prefilled alone, then it joins
// the running batch between decode steps and leaves when done or cancelled.
// Every row is left-padded to the batch's length and its pad masked out, so a
// sequence gives the same bits alone or batched (see alignment.ts).
import type { Tensor } from 'onnxruntime-node';
import { composeCache, padMask, sliceRows, stackRows, type CacheRow } from './batch-tensors.js';
import type { JanusModel, KvCache } from './janus-model.js';
import { alignmentOf, type Alignment } from './alignment.js';
import { logitsRow } from './tensors.js';

/** Which head turns a sequence's hidden state into logits. */
export type SequenceHead = 'image' | 'text';

export interface BatchSequence {
  /** Language-model rows (2 for a CFG pair, 1 for an answer). */
  readonly rows: number;
  readonly head: SequenceHead;
  /** Positions it may still add (for the memory cap). */
  remaining(): number;
  /** Throws when the job was cancelled (checked while it waits to join). */
  throwIfAborted(): void;
  /** Prompt embeddings [rows, T, h] and each row's attention mask over them. */
  prefill(): Promise<{ embeds: Tensor; masks: number[][] }>;
  /**
   * Its logits (one array per row) after a step of `jobs` sequences; returns the tokens to feed next (one per row), or undefined when
   * finished. Throwing (a cancel) takes it out of the batch; the others go on.
   */
  next(logits: Float32Array[], jobs: number): Promise<number[] | undefined>;
}

export interface BatchLoopOptions {
  /** Largest KV cache of the batch in bytes; a sequence that would pass it waits (one alone always runs). */
  maxCacheBytes?: number;
}

interface Member {
  seq: BatchSequence;
  resolve(): void;
  reject(error: unknown): void;
  /** Each row's mask in the sequence's own layout (what it would be alone). */
  masks: number[][];
  /** Positions in its own layout (its masks' length). */
  length: number;
  tokens: number[];
  /** Its cache until it joins the batch. */
  own?: KvCache;
}

/** Lets the worker's message port deliver new runs and cancels between steps. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class BatchLoop {
  readonly #model: JanusModel;
  readonly #maxCacheBytes: number;
  readonly #arrivals: Member[] = [];
  readonly #waiting: Member[] = [];
  #active: Member[] = [];
  #cache: KvCache | undefined;
  #length = 0;
  #running = false;
  #alignment: Alignment | undefined;
  #steps = 0;
  #rowSteps = 0;
  #peakRows = 0;

  constructor(model: JanusModel, opts: BatchLoopOptions = {}) {
    this.#model = model;
    this.#maxCacheBytes = opts.maxCacheBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Runs the sequence to its end in the shared batch; rejects with what its `next` threw. */
  run(seq: BatchSequence): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#arrivals.push({ seq, resolve, reject, masks: [], length: 0, tokens: [] });
      if (!this.#running) void this.#loop();
    });
  }

  /** Decode steps taken, rows they carried (rows / steps = mean batch rows) and the most rows in one step. */
  get stats(): { steps: number; rowSteps: number; peakRows: number } {
    return { steps: this.#steps, rowSteps: this.#rowSteps, peakRows: this.#peakRows };
  }

  /** Sequences in the loop: running, waiting to join or to be prefilled. */
  get size(): number {
    return this.#arrivals.length + this.#waiting.length + this.#active.length;
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.size > 0) {
        try {
          for (let m = this.#arrivals.shift(); m; m = this.#arrivals.shift()) await this.#prefill(m);
          await this.#admit();
          if (this.#active.length > 0) await this.#step();
        } catch (error) {
          // A model error is every member's: none of them can go on with this cache.
          for (const m of [...this.#active, ...this.#waiting]) m.reject(error);
          this.#active = [];
          this.#waiting.length = 0;
          this.#cache = undefined;
        }
        await tick();
      }
    } finally {
      this.#running = false;
    }
  }

  async #prefill(m: Member): Promise<void> {
    try {
      const { embeds, masks } = await m.seq.prefill();
      const out = await this.#model.step(embeds, masks, this.#model.emptyCache(m.seq.rows));
      const logits = await this.#logits(m.seq.head, out.hidden);
      const tokens = await m.seq.next(rowsOf(logits, 0, m.seq.rows), 1);
      if (!tokens) return m.resolve();
      Object.assign(m, { masks, length: masks[0]!.length, tokens, own: out.cache });
      this.#waiting.push(m);
    } catch (error) {
      m.reject(error);
    }
  }

  /** Moves waiting sequences into the batch when their padding keeps every row's bits (and memory allows). */
  async #admit(): Promise<void> {
    for (const m of [...this.#waiting]) {
      try {
        m.seq.throwIfAborted();
      } catch (error) {
        this.#waiting.splice(this.#waiting.indexOf(m), 1);
        m.reject(error);
      }
    }
    if (this.#waiting.length === 0) return;
    if (this.#active.length > 0 && !this.#alignment) this.#alignment = await alignmentOf(this.#model);
    for (const m of [...this.#waiting]) {
      const length = Math.max(this.#length, m.length);
      if (this.#active.length > 0 && !this.#fits(m, length)) continue;
      this.#waiting.splice(this.#waiting.indexOf(m), 1);
      const rows: CacheRow[] = [];
      if (this.#cache) {
        let row = 0;
        for (const a of this.#active) {
          for (let r = 0; r < a.seq.rows; r++) rows.push({ cache: this.#cache, row: row++, length: this.#length });
        }
      }
      for (let r = 0; r < m.seq.rows; r++) rows.push({ cache: m.own!, row: r, length: m.length });
      this.#cache = composeCache(rows, length);
      this.#length = length;
      delete m.own;
      this.#active.push(m);
    }
  }

  #fits(m: Member, length: number): boolean {
    const a = this.#alignment;
    if (!a?.rowsIndependent) return false;
    const pad = Math.abs(length - m.length) + Math.abs(length - this.#length);
    if (a.quantum === undefined ? pad !== 0 : pad % a.quantum !== 0) return false;
    const rows = this.#active.reduce((n, x) => n + x.seq.rows, m.seq.rows);
    const longest = Math.max(...[...this.#active, m].map((x) => x.seq.remaining()));
    return rows * (length + longest) * this.#model.cacheBytesPerPosition <= this.#maxCacheBytes;
  }

  async #step(): Promise<void> {
    const active = this.#active;
    const byHead = (head: SequenceHead): Member[] => active.filter((m) => m.seq.head === head);
    const image = byHead('image');
    const text = byHead('text');
    const imageEmbeds = image.length ? await this.#model.embedImageTokens(image.flatMap((m) => m.tokens)) : undefined;
    const textEmbeds = text.length
      ? await this.#model.embed({ ids: text.flatMap((m) => m.tokens.map((t) => [t])) })
      : undefined;
    const parts: Tensor[] = [];
    const offsets = new Map<Member, number>();
    for (const group of [image, text]) {
      let at = 0;
      for (const m of group) {
        offsets.set(m, at);
        at += m.seq.rows;
      }
    }
    for (const m of active) {
      parts.push(sliceRows(m.seq.head === 'image' ? imageEmbeds! : textEmbeds!, offsets.get(m)!, m.seq.rows));
    }
    const masks: number[][] = [];
    for (const m of active) {
      for (const mask of m.masks) {
        mask.push(1);
        masks.push(padMask(mask, this.#length + 1));
      }
      m.length++;
    }
    const out = await this.#model.step(stackRows(parts), masks, this.#cache!);
    this.#cache = out.cache;
    this.#length++;
    this.#steps++;
    this.#rowSteps += masks.length;
    this.#peakRows = Math.max(this.#peakRows, masks.length);

    const logits = new Map<SequenceHead, Tensor>();
    for (const [head, group] of [
      ['image', image],
      ['text', text],
    ] as const) {
      if (group.length === 0) continue;
      const hidden = stackRows(group.map((m) => sliceRows(out.hidden, this.#rowOf(m), m.seq.rows)));
      logits.set(head, await this.#logits(head, hidden));
    }
    const leaving = new Set<Member>();
    for (const m of active) {
      try {
        const tokens = await m.seq.next(rowsOf(logits.get(m.seq.head)!, offsets.get(m)!, m.seq.rows), active.length);
        if (tokens) m.tokens = tokens;
        else {
          leaving.add(m);
          m.resolve();
        }
      } catch (error) {
        leaving.add(m);
        m.reject(error);
      }
    }
    if (leaving.size > 0) this.#leave(leaving);
  }

  /** First batch row of a member. */
  #rowOf(member: Member): number {
    let row = 0;
    for (const m of this.#active) {
      if (m === member) return row;
      row += m.seq.rows;
    }
    throw new Error('not in the batch');
  }

  /** Drops the leavers' rows and the padding no remaining row needs. */
  #leave(leaving: ReadonlySet<Member>): void {
    const stay = this.#active.filter((m) => !leaving.has(m));
    if (stay.length === 0) {
      this.#active = [];
      this.#cache = undefined;
      this.#length = 0;
      return;
    }
    const length = Math.max(...stay.map((m) => m.length));
    const rows: CacheRow[] = [];
    for (const m of stay) {
      const first = this.#rowOf(m);
      for (let r = 0; r < m.seq.rows; r++) rows.push({ cache: this.#cache!, row: first + r, length: this.#length });
    }
    this.#cache = composeCache(rows, length);
    this.#length = length;
    this.#active = stay;
  }

  #logits(head: SequenceHead, hidden: Tensor): Promise<Tensor> {
    return head === 'image' ? this.#model.imageLogits(hidden) : this.#model.textLogits(hidden);
  }
}

function rowsOf(logits: Tensor, from: number, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => logitsRow(logits, from + i));
}
