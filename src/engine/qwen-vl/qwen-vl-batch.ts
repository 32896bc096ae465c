// Batched greedy answers of one Qwen2-VL model in transformers.js. Its generate() cannot take a row in
// mid-run, so this is static batching: the answers waiting together run as ONE generate call (rows
// left-padded, padding masked out, each row with its own images), and the next group starts when that
// call ends. Each row keeps its own token limit, stop, progress and cancel: a finished or cancelled row
// settles at once and is marked done for the stopping check; transformers.js cannot drop a row from a
// running call, so a cancelled row is still computed (silently) until the call ends.
//
// A row's answer must be the same tokens alone or batched. Two things had to be fixed for that:
// - transformers.js 4.3 rebuilds the attention mask of every decode step as ones over the whole cache when
//   `pixel_values` is present (even as null), so after the prefill a padded row attends to its padding.
//   patchForBatching() leaves `pixel_values` out of decode steps (the image is in the KV cache by then).
// - a vision tower given several images in one call may let them see each other (the tiny test pack
//   does), so images are encoded one by one, as they are alone.
// What is left is the device's kernels: left padding keeps every bit only when it is a multiple of the
// CPU's SIMD width, measured on the loaded model (measureQwenAlignment, as janus/alignment.ts does), and
// only rows whose padding fits that measurement are batched together.
import type { Tensor } from '@huggingface/transformers';

type Transformers = typeof import('@huggingface/transformers');
type GenerateModel = InstanceType<Transformers['PreTrainedModel']>;

/** One answer's prompt: its token ids and its images' pixels and grids (absent: no image). */
export interface RowInput {
  ids: number[];
  pixelValues?: Tensor;
  imageGridThw?: Tensor;
}

export interface RowHooks {
  maxNewTokens: number;
  /** Each new token (not an end token), as it arrives; `tokens` is the row's answer so far. */
  onToken(tokens: readonly number[]): void;
  /** Throws when the job was cancelled; checked after every step. */
  throwIfAborted(): void;
}

export interface RowOutcome {
  tokens: number[];
  stop: 'eos' | 'length';
  /** From the call's start to the row's first token, and to its last. */
  prefillMs: number;
  totalMs: number;
  /** Rows of the generate call it ran in (itself included). */
  rows: number;
}

export interface Alignment {
  /** Rows in one call are computed as they are alone (else nothing is batched). */
  rowsIndependent: boolean;
  /** Left padding must be a multiple of this; undefined: only prompts of equal length batch. */
  quantum: number | undefined;
}

interface Row {
  input: RowInput;
  hooks: RowHooks;
  resolve(outcome: RowOutcome): void;
  reject(error: unknown): void;
}

/** Options of one generate call. */
interface CallOptions {
  /** Pads every row to at least this many positions (the alignment probe). */
  padTo?: number;
  /** Receives each step's logits, one array per row (the alignment probe). */
  logits?: Float32Array[][];
}

/**
 * Makes a loaded model safe for padded batches (see the file comment): decode steps go without
 * `pixel_values`, and each image is encoded alone. Neither changes what a single unpadded row computes.
 */
export function patchForBatching(tf: Transformers, model: GenerateModel): void {
  const m = model as unknown as {
    forward(inputs: Record<string, unknown>): Promise<unknown>;
    encode_image(inputs: { pixel_values: Tensor; image_grid_thw: Tensor }): Promise<Tensor>;
  };
  const forward = m.forward.bind(model);
  m.forward = (inputs) => {
    const past = inputs['past_key_values'] as { get_seq_length(): number } | undefined;
    if (!past || past.get_seq_length() === 0 || !('pixel_values' in inputs)) return forward(inputs);
    const rest = { ...inputs };
    delete rest['pixel_values'];
    return forward(rest);
  };
  const encode = m.encode_image.bind(model);
  m.encode_image = async ({ pixel_values, image_grid_thw }) => {
    const grids = image_grid_thw.tolist() as bigint[][];
    if (grids.length <= 1) return encode({ pixel_values, image_grid_thw });
    const features: Tensor[] = [];
    let at = 0;
    for (let i = 0; i < grids.length; i++) {
      const patches = Number(grids[i]!.reduce((a, b) => a * b, 1n));
      features.push(
        await encode({
          pixel_values: pixel_values.slice([at, at + patches], null),
          image_grid_thw: image_grid_thw.slice([i, i + 1], null),
        }),
      );
      at += patches;
    }
    return tf.cat(features, 0);
  };
}

/**
 * One generate call over `rows`: left padding (with the row's own first token, so a repetition penalty
 * sees the same token set as alone) masked out, each row's images in row order. Every row settles as
 * soon as it is done; the call ends when all are.
 */
async function generateRows(
  tf: Transformers,
  model: GenerateModel,
  eosIds: ReadonlySet<number>,
  rows: Row[],
  opts: CallOptions = {},
): Promise<void> {
  const started = performance.now();
  const length = Math.max(opts.padTo ?? 0, ...rows.map((r) => r.input.ids.length));
  const ids: bigint[] = [];
  const mask: bigint[] = [];
  for (const { input } of rows) {
    const pad = length - input.ids.length;
    for (let i = 0; i < pad; i++) {
      ids.push(BigInt(input.ids[0]!));
      mask.push(0n);
    }
    for (const id of input.ids) {
      ids.push(BigInt(id));
      mask.push(1n);
    }
  }
  const shape = [rows.length, length];
  const inputs: Record<string, unknown> = {
    input_ids: new tf.Tensor('int64', BigInt64Array.from(ids), shape),
    attention_mask: new tf.Tensor('int64', BigInt64Array.from(mask), shape),
  };
  const withImages = rows.filter((r) => r.input.pixelValues && r.input.imageGridThw);
  if (withImages.length > 0) {
    inputs['pixel_values'] = tf.cat(
      withImages.map((r) => r.input.pixelValues!),
      0,
    );
    inputs['image_grid_thw'] = tf.cat(
      withImages.map((r) => r.input.imageGridThw!),
      0,
    );
  }

  const state = rows.map(() => ({ done: false, tokens: [] as number[], firstAt: 0 }));
  const settle = (i: number, stop: 'eos' | 'length'): void => {
    const s = state[i]!;
    s.done = true;
    const now = performance.now() - started;
    rows[i]!.resolve({ tokens: s.tokens, stop, prefillMs: s.firstAt || now, totalMs: now, rows: rows.length });
  };

  class Streamer extends tf.BaseStreamer {
    private prompt = true;
    override put(value: bigint[][]): void {
      if (this.prompt) {
        this.prompt = false;
        return;
      }
      value.forEach((ids, i) => {
        const s = state[i]!;
        if (s.done) return;
        if (s.tokens.length === 0) s.firstAt = performance.now() - started;
        const token = Number(ids[0]);
        if (eosIds.has(token)) return settle(i, 'eos');
        s.tokens.push(token);
        rows[i]!.hooks.onToken(s.tokens);
        if (s.tokens.length >= rows[i]!.hooks.maxNewTokens) settle(i, 'length');
      });
    }
    override end(): void {}
  }
  // After every step: a cancelled row settles now (its job is told at once); every done row says stop.
  class RowsDone extends tf.StoppingCriteria {
    override _call(): boolean[] {
      return state.map((s, i) => {
        if (s.done) return true;
        try {
          rows[i]!.hooks.throwIfAborted();
        } catch (error) {
          s.done = true;
          rows[i]!.reject(error);
        }
        return s.done;
      });
    }
  }
  class RecordLogits extends tf.LogitsProcessor {
    override _call(_ids: bigint[][], logits: Tensor): Tensor {
      const [batch, vocab] = logits.dims as [number, number];
      const data = logits.data as Float32Array;
      for (let r = 0; r < batch; r++) opts.logits![r]!.push(data.slice(r * vocab, (r + 1) * vocab));
      return logits;
    }
  }
  const criteria = new tf.StoppingCriteriaList();
  criteria.push(new RowsDone());
  const processors = new tf.LogitsProcessorList();
  if (opts.logits) {
    rows.forEach((_, r) => (opts.logits![r] = []));
    processors.push(new RecordLogits());
  }
  const args: Record<string, unknown> = {
    ...inputs,
    max_new_tokens: Math.max(...rows.map((r) => r.hooks.maxNewTokens)),
    do_sample: false,
    streamer: new Streamer(),
    stopping_criteria: criteria,
    logits_processor: processors,
  };
  await model.generate(args as Parameters<GenerateModel['generate']>[0]);
  // A row the call ended without settling (it cannot happen unless generate stops early): say so.
  state.forEach((s, i) => {
    if (!s.done) settle(i, 'length');
  });
}

const QUANTA = [1, 2, 4, 8, 16, 32, 64];
/** Multiples of a quantum tried (its own sums repeat across a few lane blocks). */
const REPEATS = 3;
/** Steps compared: the prefill and two decode steps (the decode path is where padding went wrong). */
const PROBE_STEPS = 3;

function sameBits(a: Float32Array[], b: Float32Array[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, s) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[s]!.buffer)))
  );
}

/** Runs one call of `inputs` for the probe: every row the full PROBE_STEPS, logits recorded. */
async function probeLogits(
  tf: Transformers,
  model: GenerateModel,
  inputs: RowInput[],
  padTo?: number,
): Promise<Float32Array[][]> {
  const logits: Float32Array[][] = [];
  const rows: Row[] = inputs.map((input) => ({
    input,
    hooks: { maxNewTokens: PROBE_STEPS, onToken() {}, throwIfAborted() {} },
    resolve() {},
    reject() {},
  }));
  // No end token: the probe always runs its steps.
  await generateRows(tf, model, new Set(), rows, { padTo, logits });
  return logits;
}

/**
 * What batching may do to a row without changing one bit of its logits, measured on the loaded model:
 * three copies of one prompt in a call must each match it alone, and left padding by a quantum (a few
 * multiples of it) must match it too, through the prefill and the decode steps.
 */
export async function measureQwenAlignment(
  tf: Transformers,
  model: GenerateModel,
  probe: RowInput,
): Promise<Alignment> {
  const [alone] = await probeLogits(tf, model, [probe]);
  const together = await probeLogits(tf, model, [probe, probe, probe]);
  const rowsIndependent = together.every((row) => sameBits(alone!, row));
  if (!rowsIndependent) return { rowsIndependent, quantum: undefined };
  for (const quantum of QUANTA) {
    let ok = true;
    for (let k = 1; k <= REPEATS && ok; k++) {
      const [padded] = await probeLogits(tf, model, [probe], probe.ids.length + k * quantum);
      ok = sameBits(alone!, padded!);
    }
    if (ok) return { rowsIndependent, quantum };
  }
  return { rowsIndependent, quantum: undefined };
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Turns of the event loop the queue must stay the same size before a group is taken. */
const QUIET_TURNS = 2;

export interface BatcherStats {
  /** generate calls, rows they carried, the most rows in one call. */
  calls: number;
  rows: number;
  peakRows: number;
}

/**
 * Queues answers and runs them in groups: the oldest waiting answer and every other waiting one whose
 * padding to the group's length keeps its bits (the measured alignment) run as one call.
 */
export class QwenVlBatcher {
  readonly #tf: Transformers;
  readonly #model: GenerateModel;
  readonly #eosIds: ReadonlySet<number>;
  readonly #probe: () => Promise<RowInput>;
  readonly #maxRows: number;
  readonly #queue: Row[] = [];
  #running = false;
  #preparing = 0;
  #alignment: Promise<Alignment> | undefined;
  #stats: BatcherStats = { calls: 0, rows: 0, peakRows: 0 };

  constructor(opts: {
    tf: Transformers;
    model: GenerateModel;
    eosIds: ReadonlySet<number>;
    /** The alignment probe's prompt (one small image), built on first need. */
    probe: () => Promise<RowInput>;
    /** Most rows in one call (1: never batch). */
    maxRows?: number;
  }) {
    this.#tf = opts.tf;
    this.#model = opts.model;
    this.#eosIds = opts.eosIds;
    this.#probe = opts.probe;
    this.#maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  }

  get stats(): BatcherStats {
    return { ...this.#stats };
  }

  /** The measured alignment (measured now if it was not yet). */
  alignment(): Promise<Alignment> {
    if (!this.#alignment) {
      // A probe that fails leaves batching off for this model; answers still run, one by one.
      this.#alignment = this.#probe()
        .then((probe) => measureQwenAlignment(this.#tf, this.#model, probe))
        .catch((): Alignment => ({ rowsIndependent: false, quantum: undefined }));
    }
    return this.#alignment;
  }

  /**
   * Says an answer is preparing its prompt: a group forming now waits for it. Call the returned
   * function when it has queued (or failed).
   */
  preparing(): () => void {
    this.#preparing++;
    let done = false;
    return () => {
      if (!done) this.#preparing--;
      done = true;
    };
  }

  /** Answers `input` in the next group it fits; rejects with what its throwIfAborted threw. */
  answer(input: RowInput, hooks: RowHooks): Promise<RowOutcome> {
    return new Promise<RowOutcome>((resolve, reject) => {
      this.#queue.push({ input, hooks, resolve, reject });
      if (!this.#running) void this.#loop();
    });
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        await this.#quiet();
        const group = await this.#group();
        if (group.length === 0) continue;
        this.#stats.calls++;
        this.#stats.rows += group.length;
        this.#stats.peakRows = Math.max(this.#stats.peakRows, group.length);
        try {
          await generateRows(this.#tf, this.#model, this.#eosIds, group);
        } catch (error) {
          // A model error is every row's that has not settled (settling twice is a no-op).
          for (const row of group) row.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * Lets answers asked together join one group: the worker starts them in one turn, but each prepares
   * its prompt (image resizing, tokenizing) before it queues, so they arrive over a while. The group
   * waits for every answer being prepared, then for the queue to stay the same over a few turns.
   */
  async #quiet(): Promise<void> {
    for (let still = 0, size = -1; still < QUIET_TURNS || this.#preparing > 0;) {
      still = this.#queue.length === size && this.#preparing === 0 ? still + 1 : 0;
      size = this.#queue.length;
      await tick();
    }
  }

  /** Takes the next group off the queue (cancelled answers leave it first). */
  async #group(): Promise<Row[]> {
    for (const row of [...this.#queue]) {
      try {
        row.hooks.throwIfAborted();
      } catch (error) {
        this.#queue.splice(this.#queue.indexOf(row), 1);
        row.reject(error);
      }
    }
    if (this.#queue.length <= 1 || this.#maxRows <= 1) return this.#queue.splice(0, 1);
    const a = await this.alignment();
    const first = this.#queue[0]!;
    const fits = (row: Row): boolean => {
      if (row === first) return true;
      if (!a.rowsIndependent) return false;
      const diff = row.input.ids.length - first.input.ids.length;
      return a.quantum === undefined ? diff === 0 : diff % a.quantum === 0;
    };
    const group = this.#queue.filter(fits).slice(0, this.#maxRows);
    for (const row of group) this.#queue.splice(this.#queue.indexOf(row), 1);
    return group;
  }
}
