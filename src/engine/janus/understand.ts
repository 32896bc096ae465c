// Image question answering with a Janus pack: the image's embeddings in the
// chat prompt, then greedy (or low-temperature) decoding, streamed as text;
// in the model's batch loop beside other answers, with the same tokens as alone.
import { BatchLoop, type BatchSequence } from './batch-loop.js';
import type { TaskContext } from '../task-runner.js';
import type { RawImage } from '../types.js';
import type { UnderstandOptions } from './janus-options.js';
import type { JanusModel } from './janus-model.js';
import { createRng } from './rng.js';
import { sample } from './sampler.js';
import { visionInput } from './vision-input.js';

export interface UnderstandOutcome {
  text: string;
  /** The answer's token ids, without the end-of-sequence token. */
  ids: number[];
  tokens: number;
  /** `eos`: the model finished; `length`: maxNewTokens was reached. */
  stop: 'eos' | 'length';
  /** Most jobs in one decode step of its batch (1: it ran alone). */
  batchPeak: number;
  timingsMs: Record<string, number>;
}

/** Answers one question; `loop` is the model's shared batch loop (without one, a loop of its own). */
export async function answerQuestion(
  model: JanusModel,
  image: RawImage,
  question: string,
  opts: UnderstandOptions,
  ctx: TaskContext,
  loop: BatchLoop = new BatchLoop(model),
): Promise<UnderstandOutcome> {
  const started = performance.now();
  const rng = createRng(opts.seed);
  let prefillMs = 0;
  const out: number[] = [];
  let text = '';
  let stop: UnderstandOutcome['stop'] = 'length';
  let batchPeak = 1;

  const sequence: BatchSequence = {
    rows: 1,
    head: 'text',
    remaining: () => opts.maxNewTokens - out.length,
    throwIfAborted: () => ctx.throwIfAborted(),
    async prefill() {
      const prompt = model.tokenizer.understandingPrompt(question);
      const pixels = await visionInput(image, model.config.vision);
      const embeds = await model.embed({ ids: [prompt.ids], pixels, seqMask: [prompt.seqMask] });
      return { embeds, masks: [prompt.ids.map(() => 1)] };
    },
    async next([logits], jobs) {
      batchPeak = Math.max(batchPeak, jobs);
      if (out.length === 0) prefillMs = performance.now() - started;
      ctx.throwIfAborted();
      const token = sample(logits!, opts, rng);
      if (token === model.tokenizer.eosId) {
        stop = 'eos';
        return undefined;
      }
      out.push(token);
      // A multi-byte character split across tokens decodes to U+FFFD until its last byte arrives; it waits.
      const decoded = model.tokenizer.decode(out).replace(/\uFFFD+$/u, '');
      if (decoded !== text) {
        text = decoded;
        ctx.progress({ fraction: out.length / opts.maxNewTokens, text });
      }
      ctx.throwIfAborted();
      return out.length >= opts.maxNewTokens ? undefined : [token];
    },
  };
  await loop.run(sequence);
  return {
    // What was streamed last: a character still cut at the end is left out of the answer too.
    text: text.trim(),
    ids: out,
    tokens: out.length,
    stop,
    batchPeak,
    timingsMs: {
      prefill: prefillMs,
      tokens: performance.now() - started - prefillMs,
      total: performance.now() - started,
    },
  };
}
