// The dimensions of a Janus-Pro pack, read from its HF config files. Nothing
// here is a constant of the model: a pack with other sizes loads unchanged.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { InstalledPack } from '../task-runner.js';

/** Manifest roles of a Janus pack (paths inside the pack; the ONNX roles pick one dtype variant). */
export const JANUS_ROLES = {
  config: 'config',
  preprocessor: 'preprocessor_config',
  processor: 'processor_config',
  tokenizer: 'tokenizer',
  tokenizerConfig: 'tokenizer_config',
  prepareInputsEmbeds: 'prepare_inputs_embeds',
  languageModel: 'language_model',
  lmHead: 'lm_head',
  genHead: 'gen_head',
  genImgEmbeds: 'gen_img_embeds',
  imageDecode: 'image_decode',
} as const;

/** Optional role: `generation_config.json` (default sampling settings). */
export const GENERATION_CONFIG_ROLE = 'generation_config';

const positiveInt = z.number().int().positive();

const configSchema = z.object({
  model_type: z.string().optional(),
  language_config: z.object({
    hidden_size: positiveInt,
    num_hidden_layers: positiveInt,
    num_attention_heads: positiveInt,
    num_key_value_heads: positiveInt.optional(),
    head_dim: positiveInt.optional(),
    vocab_size: positiveInt,
  }),
  gen_head_config: z.object({ params: z.object({ image_token_size: positiveInt }) }).optional(),
  gen_vision_config: z.object({ params: z.object({ image_token_size: positiveInt }) }).optional(),
});

const preprocessorSchema = z.object({
  image_size: positiveInt,
  min_size: positiveInt.optional(),
  background_color: z.array(z.number()).length(3).optional(),
  do_normalize: z.boolean().optional(),
  image_mean: z.array(z.number()).length(3).optional(),
  image_std: z.array(z.number()).length(3).optional(),
  rescale_factor: z.number().positive().optional(),
});

const processorSchema = z.object({
  num_image_tokens: positiveInt,
  image_tag: z.string().optional(),
  image_start_tag: z.string().optional(),
  image_end_tag: z.string().optional(),
  pad_tag: z.string().optional(),
});

const generationSchema = z
  .object({
    temperature: z.number().nonnegative().optional(),
    top_p: z.number().positive().max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    pad_token_id: z.number().int().nonnegative().optional(),
  })
  .passthrough();

export interface JanusConfig {
  hidden: number;
  layers: number;
  /** Key/value heads per layer. */
  kvHeads: number;
  headDim: number;
  textVocab: number;
  imageVocab: number;
  /** Image tokens per image, for both understanding and generation. */
  numImageTokens: number;
  /** Tokens per side of the generated image (numImageTokens = grid * grid). */
  grid: number;
  vision: {
    size: number;
    minSize: number;
    background: [number, number, number];
    rescale: number;
    mean: [number, number, number];
    std: [number, number, number];
    normalize: boolean;
  };
  tags: { image: string; imageStart: string; imageEnd: string; pad: string };
  /** Defaults from generation_config.json, when the pack has one. */
  generation: { temperature?: number; topP?: number; topK?: number; padTokenId?: number };
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

function parse<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Janus pack file ${file} is not usable: ${detail}`);
  }
  return result.data;
}

function triple(values: number[] | undefined, fallback: number): [number, number, number] {
  return values ? [values[0]!, values[1]!, values[2]!] : [fallback, fallback, fallback];
}

/** Reads and checks the config files of a Janus pack. */
export async function readJanusConfig(pack: InstalledPack): Promise<JanusConfig> {
  const configPath = pack.file(JANUS_ROLES.config);
  const preprocessorPath = pack.file(JANUS_ROLES.preprocessor);
  const processorPath = pack.file(JANUS_ROLES.processor);
  const config = parse(configSchema, await readJson(configPath), configPath);
  const pre = parse(preprocessorSchema, await readJson(preprocessorPath), preprocessorPath);
  const proc = parse(processorSchema, await readJson(processorPath), processorPath);
  const generation =
    GENERATION_CONFIG_ROLE in pack.manifest.files
      ? parse(generationSchema, await readJson(pack.file(GENERATION_CONFIG_ROLE)), GENERATION_CONFIG_ROLE)
      : {};

  const lang = config.language_config;
  const imageVocab =
    config.gen_head_config?.params.image_token_size ?? config.gen_vision_config?.params.image_token_size;
  if (imageVocab === undefined) {
    throw new Error(
      `Janus pack file ${configPath} names no image vocabulary (gen_head_config.params.image_token_size)`,
    );
  }
  const grid = Math.round(Math.sqrt(proc.num_image_tokens));
  if (grid * grid !== proc.num_image_tokens) {
    throw new Error(`Janus pack: num_image_tokens ${proc.num_image_tokens} is not a square token grid`);
  }
  return {
    hidden: lang.hidden_size,
    layers: lang.num_hidden_layers,
    kvHeads: lang.num_key_value_heads ?? lang.num_attention_heads,
    headDim: lang.head_dim ?? lang.hidden_size / lang.num_attention_heads,
    textVocab: lang.vocab_size,
    imageVocab,
    numImageTokens: proc.num_image_tokens,
    grid,
    vision: {
      size: pre.image_size,
      minSize: pre.min_size ?? 14,
      background: triple(pre.background_color, 127),
      rescale: pre.rescale_factor ?? 1 / 255,
      mean: triple(pre.image_mean, 0.5),
      std: triple(pre.image_std, 0.5),
      normalize: pre.do_normalize ?? true,
    },
    // DeepSeek's VLChatProcessor defaults, for packs whose processor_config leaves them out.
    tags: {
      image: proc.image_tag ?? '<image_placeholder>',
      imageStart: proc.image_start_tag ?? '<begin_of_image>',
      imageEnd: proc.image_end_tag ?? '<end_of_image>',
      pad: proc.pad_tag ?? '<｜▁pad▁｜>',
    },
    generation: {
      ...(generation.temperature !== undefined ? { temperature: generation.temperature } : {}),
      ...(generation.top_p !== undefined ? { topP: generation.top_p } : {}),
      ...(generation.top_k !== undefined ? { topK: generation.top_k } : {}),
      ...(generation.pad_token_id !== undefined ? { padTokenId: generation.pad_token_id } : {}),
    },
  };
}
