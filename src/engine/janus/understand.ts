// Image question answering with a Janus pack: the image's embeddings in the
// chat prompt, then greedy (or low-temperature) decoding, streamed as text.
import type { TaskContext } from '../task-runner.js';
import type { RawImage } from '../types.js';
import type { UnderstandOptions } from './janus-options.js';
import type { JanusModel } from './janus-model.js';
import { createRng } from './rng.js';
import { sample } from './sampler.js';
import { logitsRow } from './tensors.js';
import { visionInput } from './vision-input.js';

export interface UnderstandOutcome {
  text: string;
  /** The answer's token ids, without the end-of-sequence token. */
  ids: number[];
  tokens: number;
  /** `eos`: the model finished; `length`: maxNewTokens was reached. */
  stop: 'eos' | 'length';
  timingsMs: Record<string, number>;
}

export async function answerQuestion(
  model: JanusModel,
  image: RawImage,
  question: string,
  opts: UnderstandOptions,
  ctx: TaskContext,
): Promise<UnderstandOutcome> {
  const started = performance.now();
  const rng = createRng(opts.seed);
  const prompt = model.tokenizer.understandingPrompt(question);
  const pixels = await visionInput(image, model.config.vision);
  const length = prompt.ids.length;
  const embeds = await model.embed({ ids: [prompt.ids], pixels, seqMask: [prompt.seqMask] });
  const mask = new Array<number>(length).fill(1);
  let step = await model.step(embeds, [mask], model.emptyCache(1));
  const prefillMs = performance.now() - started;
  ctx.throwIfAborted();

  const out: number[] = [];
  let text = '';
  let stop: UnderstandOutcome['stop'] = 'length';
  while (out.length < opts.maxNewTokens) {
    const token = sample(logitsRow(await model.textLogits(step.hidden), 0), opts, rng);
    if (token === model.tokenizer.eosId) {
      stop = 'eos';
      break;
    }
    out.push(token);
    // A multi-byte character split across tokens decodes to U+FFFD until its last byte arrives; it waits.
    const decoded = model.tokenizer.decode(out).replace(/\uFFFD+$/u, '');
    if (decoded !== text) {
      text = decoded;
      ctx.progress({ fraction: out.length / opts.maxNewTokens, text });
    }
    ctx.throwIfAborted();
    if (out.length >= opts.maxNewTokens) break;
    const next = await model.embed({ ids: [[token]] });
    mask.push(1);
    step = await model.step(next, [mask], step.cache);
    ctx.throwIfAborted();
  }
  return {
    // What was streamed last: a character still cut at the end is left out of the answer too.
    text: text.trim(),
    ids: out,
    tokens: out.length,
    stop,
    timingsMs: {
      prefill: prefillMs,
      tokens: performance.now() - started - prefillMs,
      total: performance.now() - started,
    },
  };
}
