// A Qwen2-VL pack run through transformers.js, the reference consumer of the onnx-community exports: its
// processor (smart resize, patching, chat template) and Qwen2VLForConditionalGeneration (M-RoPE positions,
// KV cache) are used as they are. Our code only streams tokens, stops between them, and keeps it offline.
import type { Tensor } from '@huggingface/transformers';
import { basename, dirname } from 'node:path';
import type { InstalledPack, TaskContext } from '../task-runner.js';
import type { ExecutionProvider, RawImage } from '../types.js';
import { sessionDtypes } from '../vision/transformers-pack.js';

/** Largest image the processor keeps (pixels): 512 tokens of 28x28 at most, so a CPU prefill stays in seconds. */
export const MAX_IMAGE_PIXELS = 512 * 28 * 28;

export interface QwenVlAnswer {
  /** The answer; with `keepSpecialTokens` it still holds Qwen's box and ref tokens. */
  text: string;
  tokens: number;
  stop: 'eos' | 'length';
  timingsMs: { prefill: number; tokens: number; total: number };
}

export interface QwenVlModel {
  /** Greedy answer to `text` about `images` (one image slot each, in order), streamed through ctx.progress. */
  answer(
    images: RawImage[],
    text: string,
    opts: { maxNewTokens: number; keepSpecialTokens: boolean },
    ctx: TaskContext,
  ): Promise<QwenVlAnswer>;
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

  return {
    async answer(images, text, opts, ctx) {
      const started = performance.now();
      const content = [...images.map(() => ({ type: 'image' })), { type: 'text', text }];
      const prompt = processor.apply_chat_template([{ role: 'user', content }], {
        add_generation_prompt: true,
      }) as string;
      const inputs = await promptInputs(tf, processor, prompt, images);
      ctx.throwIfAborted();
      const out: number[] = [];
      let prefillMs = 0;
      let shown = '';
      const decode = (): string => tokenizer.decode(out, { skip_special_tokens: !opts.keepSpecialTokens });

      // Each new token arrives here before the stopping check: the answer so far becomes a progress event.
      class Progress extends tf.BaseStreamer {
        private prompt = true;
        override put(value: bigint[][]): void {
          if (this.prompt) {
            this.prompt = false;
            return;
          }
          if (out.length === 0) prefillMs = performance.now() - started;
          const token = Number(value[0]![0]);
          if (eosIds.has(token)) return;
          out.push(token);
          const now = decode();
          // A multi-byte character split across tokens decodes to U+FFFD until its last byte arrives.
          if (now !== shown && !now.endsWith('\uFFFD')) {
            shown = now;
            ctx.progress({ fraction: out.length / opts.maxNewTokens, text: now });
          }
        }
        override end(): void {}
      }
      // Checked after every token: a cancelled job stops here, between tokens.
      class Abort extends tf.StoppingCriteria {
        override _call(inputIds: number[][]): boolean[] {
          ctx.throwIfAborted();
          return inputIds.map(() => false);
        }
      }
      const criteria = new tf.StoppingCriteriaList();
      criteria.push(new Abort());
      await model.generate({
        ...inputs,
        max_new_tokens: opts.maxNewTokens,
        do_sample: false,
        streamer: new Progress(),
        stopping_criteria: criteria,
      });
      const total = performance.now() - started;
      return {
        text: decode().trim(),
        tokens: out.length,
        stop: out.length < opts.maxNewTokens ? 'eos' : 'length',
        timingsMs: { prefill: prefillMs, tokens: total - prefillMs, total },
      };
    },
    async release() {
      await model.dispose();
    },
  };
}
