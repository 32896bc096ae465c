// A Qwen2-VL pack run through transformers.js, the reference consumer of the onnx-community exports: its
// processor (smart resize, patching, chat template) and Qwen2VLForConditionalGeneration (M-RoPE positions,
// KV cache) are used as they are. Our code only streams tokens, stops between them, and keeps it offline.
import type { Tensor } from '@huggingface/transformers';
import { basename, dirname } from 'node:path';
import type { InstalledPack, TaskContext } from '../task-runner.js';
import type { ExecutionProvider, RawImage } from '../types.js';
import { sessionDtypes } from '../vision/transformers-pack.js';
import { patchForBatching, QwenVlBatcher, type Alignment, type BatcherStats, type RowInput } from './qwen-vl-batch.js';

/** Largest image the processor keeps (pixels): 512 tokens of 28x28 at most, so a CPU prefill stays in seconds. */
export const MAX_IMAGE_PIXELS = 512 * 28 * 28;

export interface QwenVlAnswer {
  /** The answer; with `keepSpecialTokens` it still holds Qwen's box and ref tokens. */
  text: string;
  tokens: number;
  stop: 'eos' | 'length';
  /** Answers in the generate call it ran in (itself included; 1: alone). */
  batchRows: number;
  timingsMs: { prefill: number; tokens: number; total: number };
}

export interface QwenVlModel {
  /**
   * Greedy answer to `text` about `images` (one image slot each, in order), streamed through ctx.progress.
   * Answers asked while another runs wait and then run together as one batched call (qwen-vl-batch.ts).
   */
  answer(
    images: RawImage[],
    text: string,
    opts: { maxNewTokens: number; keepSpecialTokens: boolean },
    ctx: TaskContext,
  ): Promise<QwenVlAnswer>;
  /** Batched generate calls so far (answers waiting together run as one call). */
  batchStats(): BatcherStats;
  /** What padding keeps every bit on this model and device (measured once, on first need). */
  alignment(): Promise<Alignment>;
  release(): Promise<void>;
}

type Transformers = typeof import('@huggingface/transformers');
type DataType = import('@huggingface/transformers').DataType;

/** The provider the worker's session factory runs on (it alone knows about a failed CUDA start). */
export function providerOf(ctx: TaskContext): ExecutionProvider {
  const { provider } = ctx.sessions as { provider?: ExecutionProvider };
  return provider === 'cuda' ? 'cuda' : 'cpu';
}

/**
 * The dtype a pack was installed with, read from its decoder's file name: transformers.js picks files by
 * dtype, so a pack pulled as q4 (`onnx/decoder_model_merged_q4.onnx`) must be opened as q4, not fp32.
 */
export function packDtype(pack: Pick<InstalledPack, 'manifest'>): DataType {
  return sessionDtypes(pack, ['decoder_model_merged'])['decoder_model_merged']!;
}

function toTransformersImage(tf: Transformers, image: RawImage): InstanceType<Transformers['RawImage']> {
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new tf.RawImage(data, image.width, image.height, image.channels);
}

type Processor = Awaited<ReturnType<Transformers['AutoProcessor']['from_pretrained']>>;

/**
 * Token ids and pixels of a prompt. transformers.js's Qwen2VLImageProcessor stacks a call's images into one
 * tensor, which reads two images as one video frame pair (and fails on two sizes), so each image is processed
 * alone and its <|image_pad|> expanded to its own token count, as Qwen2VLProcessor does for one image.
 */
async function promptInputs(tf: Transformers, processor: Processor, prompt: string, images: RawImage[]) {
  if (images.length <= 1) return processor(prompt, images[0] ? toTransformersImage(tf, images[0]) : null);
  const parts = await Promise.all(images.map((image) => processor.image_processor!(toTransformersImage(tf, image))));
  const merge = (processor.image_processor!.config as { merge_size: number }).merge_size ** 2;
  const pad = '<|image_pad|>';
  const chunks = prompt.split(pad);
  const text = chunks
    .map((chunk, i) => {
      if (i === 0) return chunk;
      const grid = (parts[i - 1]!.image_grid_thw as Tensor).tolist() as bigint[][];
      const tokens = Number(grid[0]!.reduce((a, b) => a * b, 1n)) / merge;
      return pad.repeat(tokens) + chunk;
    })
    .join('');
  return {
    ...processor.tokenizer!(text),
    pixel_values: tf.cat(
      parts.map((p) => p.pixel_values as Tensor),
      0,
    ),
    image_grid_thw: tf.cat(
      parts.map((p) => p.image_grid_thw as Tensor),
      0,
    ),
  };
}

export async function loadQwenVlModel(pack: InstalledPack, device: ExecutionProvider): Promise<QwenVlModel> {
  const tf = await import('@huggingface/transformers');
  // Offline: the pack folder is the only place files come from; a missing file is an error, not a download.
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = dirname(pack.dir);
  const id = basename(pack.dir);
  const processor = await tf.AutoProcessor.from_pretrained(id, { local_files_only: true });
  const model = await tf.Qwen2VLForConditionalGeneration.from_pretrained(id, {
    local_files_only: true,
    device,
    dtype: packDtype(pack),
  });
  const imageProcessor = processor.image_processor as { max_pixels?: number } | undefined;
  if (imageProcessor?.max_pixels !== undefined) {
    imageProcessor.max_pixels = Math.min(imageProcessor.max_pixels, MAX_IMAGE_PIXELS);
  }
  const tokenizer = processor.tokenizer!;
  const eosIds = new Set<number>(
    [model.generation_config?.eos_token_id ?? tokenizer.eos_token_id].flat().filter((x) => typeof x === 'number'),
  );

  patchForBatching(tf, model);

  /** A prompt's row: the chat template around `text` and one image slot per image. */
  async function rowOf(images: RawImage[], text: string): Promise<RowInput> {
    const content = [...images.map(() => ({ type: 'image' })), { type: 'text', text }];
    const prompt = processor.apply_chat_template([{ role: 'user', content }], {
      add_generation_prompt: true,
    }) as string;
    const inputs = await promptInputs(tf, processor, prompt, images);
    const ids = ((inputs.input_ids as Tensor).tolist() as bigint[][])[0]!.map(Number);
    return {
      ids,
      pixelValues: inputs.pixel_values as Tensor | undefined,
      imageGridThw: inputs.image_grid_thw as Tensor | undefined,
    };
  }
  // The alignment probe: a small grey gradient and a short question (a few prefill-sized calls, once).
  const probeImage: RawImage = {
    width: 56,
    height: 56,
    channels: 3,
    data: new Uint8Array(56 * 56 * 3).map((_, i) => (i * 7) % 256),
  };
  const batcher = new QwenVlBatcher({ tf, model, eosIds, probe: () => rowOf([probeImage], 'alignment probe') });

  return {
    async answer(images, text, opts, ctx) {
      const started = performance.now();
      // A group forming meanwhile waits for this prompt (answers asked together run together).
      const prepared = batcher.preparing();
      let row: RowInput;
      try {
        row = await rowOf(images, text);
        ctx.throwIfAborted();
      } catch (error) {
        prepared();
        throw error;
      }
      let shown = '';
      const decode = (tokens: readonly number[]): string =>
        tokenizer.decode(tokens as number[], { skip_special_tokens: !opts.keepSpecialTokens });
      const asked = batcher.answer(row, {
        maxNewTokens: opts.maxNewTokens,
        throwIfAborted: () => ctx.throwIfAborted(),
        onToken(tokens) {
          const now = decode(tokens);
          // A multi-byte character split across tokens decodes to U+FFFD until its last byte arrives.
          if (now !== shown && !now.endsWith('\uFFFD')) {
            shown = now;
            ctx.progress({ fraction: tokens.length / opts.maxNewTokens, text: now });
          }
        },
      });
      prepared();
      const out = await asked;
      // Time waiting for an earlier group counts as prefill: it is time before the first token.
      const total = performance.now() - started;
      const prefill = total - (out.totalMs - out.prefillMs);
      return {
        text: decode(out.tokens).trim(),
        tokens: out.tokens.length,
        stop: out.stop,
        batchRows: out.rows,
        timingsMs: { prefill, tokens: total - prefill, total },
      };
    },
    batchStats: () => batcher.stats,
    alignment: () => batcher.alignment(),
    async release() {
      await model.dispose();
    },
  };
}
