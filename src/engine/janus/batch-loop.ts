// Continuous batching of Janus sequences (image generations and answers) over
// one language model: a sequence's prompt is prefilled alone, then it joins
// the running batch between decode steps and leaves when done or cancelled.
// Every row is left-padded to the batch's length and its pad masked out, so a
// sequence gives the same bits alone or batched (see alignment.ts).
import type { Tensor } from 'onnxruntime-node';
import { composeCache, padMask, sliceRows, stackRows, type CacheRow } from './batch-tensors.js';
import type { JanusModel, KvCache } from './janus-model.js';
import { alignmentOf, type Alignment } from './alignment.js';
import { floatData } from './tensors.js';

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
  /** Called after every decode step with where its time went (the batch bench's profile). */
  onStep?: (timing: StepTiming) => void;
}

/** One decode step's wall time by part, in ms (prefills of newcomers left out). */
export interface StepTiming {
  /** Language-model rows it carried. */
  rows: number;
  /** Cache positions each row attended over (past + the new one). */
  positions: number;
  /** Embedding the new tokens (gen_img_embeds / prepare_inputs_embeds). */
  embedMs: number;
  /** The language-model call: feeds, the run, its outputs. */
  languageMs: number;
  /** The heads' calls (gen_head / lm_head) and picking their rows. */
  headsMs: number;
  /** The sequences' own work on their logits: CFG, sampling, previews. */
  nextMs: number;
  /** Re-laying the cache for sequences that joined before it or left after it. */
  relayoutMs: number;
  /** From the end of the previous step (or the loop turn's start) to the end of this one, prefills left out. */
  totalMs: number;
  /** Prefills of newcomers in the same loop turn (their model calls are not the step's). */
  prefillMs: number;
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
  readonly #onStep: ((timing: StepTiming) => void) | undefined;
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
  /** When the last step ended, if the loop turned straight on to another (onStep counts the turn in). */
  #lastStepEnd: number | undefined;

  constructor(model: JanusModel, opts: BatchLoopOptions = {}) {
    this.#model = model;
    this.#maxCacheBytes = opts.maxCacheBytes ?? Number.POSITIVE_INFINITY;
    this.#onStep = opts.onStep;
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
        const started = this.#lastStepEnd ?? performance.now();
        this.#lastStepEnd = undefined;
        try {
          const prefilling = this.#arrivals.length > 0 ? performance.now() : undefined;
          for (let m = this.#arrivals.shift(); m; m = this.#arrivals.shift()) await this.#prefill(m);
          const prefillMs = prefilling === undefined ? 0 : performance.now() - prefilling;
          const relayoutMs = await this.#admit();
          if (this.#active.length > 0) await this.#step(started, prefillMs, relayoutMs);
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
      this.#lastStepEnd = undefined;
      this.#running = false;
    }
  }

  async #prefill(m: Member): Promise<void> {
    try {
      const { embeds, masks } = await m.seq.prefill();
      const out = await this.#model.step(embeds, masks, this.#model.emptyCache(m.seq.rows));
      const logits = await this.#logits(m.seq.head, out.hidden);
      const tokens = await m.seq.next(rowsOf(logitRows(logits), 0, m.seq.rows), 1);
      if (!tokens) return m.resolve();
      Object.assign(m, { masks, length: masks[0]!.length, tokens, own: out.cache });
      this.#waiting.push(m);
    } catch (error) {
      m.reject(error);
    }
  }

  /**
   * Moves waiting sequences into the batch when their padding keeps every row's bits (and memory
   * allows); returns the ms spent re-laying the cache.
   */
  async #admit(): Promise<number> {
    for (const m of [...this.#waiting]) {
      try {
        m.seq.throwIfAborted();
      } catch (error) {
        this.#waiting.splice(this.#waiting.indexOf(m), 1);
        m.reject(error);
      }
    }
    if (this.#waiting.length === 0) return 0;
    if (this.#active.length > 0 && !this.#alignment) this.#alignment = await alignmentOf(this.#model);
    const started = performance.now();
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
    return performance.now() - started;
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

  async #step(started: number, prefillMs: number, joinMs: number): Promise<void> {
    let at = performance.now();
    const lap = (): number => {
      const now = performance.now();
      const ms = now - at;
      at = now;
      return ms;
    };
    const active = this.#active;
    const byHead = (head: SequenceHead): Member[] => active.filter((m) => m.seq.head === head);
    const image = byHead('image');
    const text = byHead('text');
    const imageEmbeds = image.length ? await this.#model.embedImageTokens(image.flatMap((m) => m.tokens)) : undefined;
    const textEmbeds = text.length
      ? await this.#model.embed({ ids: text.flatMap((m) => m.tokens.map((t) => [t])) })
      : undefined;
    const embedMs = lap();
    const offsets = new Map<Member, number>();
    for (const group of [image, text]) {
      let at = 0;
      for (const m of group) {
        offsets.set(m, at);
        at += m.seq.rows;
      }
    }
    // With one head, its embeddings are already in batch order; with both, rows are interleaved back.
    const embeds =
      !textEmbeds || !imageEmbeds
        ? (imageEmbeds ?? textEmbeds)!
        : stackRows(
            active.map((m) =>
              sliceRows(m.seq.head === 'image' ? imageEmbeds : textEmbeds, offsets.get(m)!, m.seq.rows),
            ),
          );
    const masks: number[][] = [];
    for (const m of active) {
      for (const mask of m.masks) {
        mask.push(1);
        masks.push(padMask(mask, this.#length + 1));
      }
      m.length++;
    }
    const positions = this.#length + 1;
    const out = await this.#model.step(embeds, masks, this.#cache!);
    const languageMs = lap();
    this.#cache = out.cache;
    this.#length++;
    this.#steps++;
    this.#rowSteps += masks.length;
    this.#peakRows = Math.max(this.#peakRows, masks.length);

    const logits = new Map<SequenceHead, LogitRows>();
    for (const [head, group] of [
      ['image', image],
      ['text', text],
    ] as const) {
      if (group.length === 0) continue;
      const hidden =
        group.length === active.length
          ? out.hidden
          : stackRows(group.map((m) => sliceRows(out.hidden, this.#rowOf(m), m.seq.rows)));
      logits.set(head, logitRows(await this.#logits(head, hidden)));
    }
    const headsMs = lap();
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
    const nextMs = lap();
    if (leaving.size > 0) this.#leave(leaving);
    const relayoutMs = joinMs + lap();
    this.#lastStepEnd = at;
    // Reported before the leavers' callers resume, so every step is in by the time a job's promise settles.
    this.#onStep?.({
      rows: masks.length,
      positions,
      embedMs,
      languageMs,
      headsMs,
      nextMs,
      relayoutMs,
      totalMs: at - started - prefillMs,
      prefillMs,
    });
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

/** A step's logits as float32 once (one conversion for a float16 head, none for float32), read by row. */
interface LogitRows {
  data: Float32Array;
  vocab: number;
}

function logitRows(logits: Tensor): LogitRows {
  return { data: floatData(logits), vocab: logits.dims[logits.dims.length - 1]! };
}

/** Views of rows `from .. from + count`: sequences read them during their `next` and keep none. */
function rowsOf({ data, vocab }: LogitRows, from: number, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => data.subarray((from + i) * vocab, (from + i + 1) * vocab));
}
