// One loaded Janus pack: its six sessions, tokenizer and dimensions, with one
// method per model call. Dimensions come from the pack's config and are
// checked against the graphs' own input and output shapes.
import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import type { InstalledPack, SessionFactory } from '../task-runner.js';
import { JANUS_ROLES, readJanusConfig, type JanusConfig } from './janus-config.js';
import { loadJanusTokenizer, type JanusTokenizer } from './janus-tokenizer.js';
import {
  asFloatType,
  bools,
  emptyFloat,
  ids,
  lastPosition,
  outputTensor,
  maskTensor,
  positionIds,
  type FloatType,
} from './tensors.js';

interface Sessions {
  prepare: InferenceSession;
  language: InferenceSession;
  lmHead: InferenceSession;
  genHead: InferenceSession;
  genEmbeds: InferenceSession;
  decode: InferenceSession;
}

/** Keys and values of every layer, as the language model returned them. */
export type KvCache = Record<string, Tensor>;

export interface LmStep {
  hidden: Tensor;
  cache: KvCache;
}

export interface JanusModel {
  readonly dir: string;
  readonly config: JanusConfig;
  readonly tokenizer: JanusTokenizer;
  /** Side of the generated (square) image in pixels, from the decoder's output shape. */
  readonly imageSize: number;
  /** Pixels per token side in the generated image. */
  readonly patch: number;
  /** KV cache bytes one row adds per position (every layer's key and value). */
  readonly cacheBytesPerPosition: number;
  /** Text (and, for understanding, image) embeddings for `prepare_inputs_embeds`. */
  embed(input: { ids: number[][]; pixels?: Float32Array; seqMask?: boolean[][] }): Promise<Tensor>;
  embedImageTokens(tokens: number[]): Promise<Tensor>;
  emptyCache(batch: number): KvCache;
  /** One language-model call; `mask` holds each row's attention mask over the cache and the new positions. */
  step(embeds: Tensor, mask: readonly (readonly number[])[], cache: KvCache): Promise<LmStep>;
  textLogits(hidden: Tensor): Promise<Tensor>;
  imageLogits(hidden: Tensor): Promise<Tensor>;
  /** Planar float pixels of one image from a full token grid. */
  decode(tokens: number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

function inputType(session: InferenceSession, name: string): string {
  const meta = session.inputMetadata.find((m) => m.name === name);
  if (!meta) throw new Error(`Janus graph lacks input "${name}" (inputs: ${session.inputNames.join(', ')})`);
  return meta.isTensor ? meta.type : 'non-tensor';
}

function staticDim(meta: InferenceSession.ValueMetadata | undefined, axis: number): number | undefined {
  if (!meta?.isTensor) return undefined;
  const d = meta.shape[axis];
  return typeof d === 'number' && d > 0 ? d : undefined;
}

function floatType(session: InferenceSession, name: string): FloatType {
  const type = inputType(session, name);
  if (type !== 'float32' && type !== 'float16') throw new Error(`Janus input ${name} is ${type}, expected a float`);
  return type;
}

export async function loadJanusModel(pack: InstalledPack, factory: SessionFactory): Promise<JanusModel> {
  const config = await readJanusConfig(pack);
  const [tokenizer, prepare, language, lmHead, genHead, genEmbeds, decode] = await Promise.all([
    loadJanusTokenizer(
      await readFile(pack.file(JANUS_ROLES.tokenizer), 'utf8'),
      await readFile(pack.file(JANUS_ROLES.tokenizerConfig), 'utf8'),
      config,
    ),
    factory.create(pack.file(JANUS_ROLES.prepareInputsEmbeds)),
    factory.create(pack.file(JANUS_ROLES.languageModel)),
    factory.create(pack.file(JANUS_ROLES.lmHead)),
    factory.create(pack.file(JANUS_ROLES.genHead)),
    factory.create(pack.file(JANUS_ROLES.genImgEmbeds)),
    factory.create(pack.file(JANUS_ROLES.imageDecode)),
  ]);
  const s: Sessions = { prepare, language, lmHead, genHead, genEmbeds, decode };
  try {
    return buildModel(pack.dir, config, tokenizer, s);
  } catch (error) {
    await releaseAll(s);
    throw error;
  }
}

async function releaseAll(s: Sessions): Promise<void> {
  await Promise.all(Object.values(s).map((session: InferenceSession) => session.release()));
}

function buildModel(dir: string, config: JanusConfig, tokenizer: JanusTokenizer, s: Sessions): JanusModel {
  // Layers, heads and head size as the graph declares them; the config must agree.
  const pastNames = s.language.inputNames.filter((n) => /^past_key_values\.\d+\.(key|value)$/.test(n));
  const layers = pastNames.length / 2;
  if (layers !== config.layers) {
    throw new Error(`Janus pack: config says ${config.layers} layers, language_model has ${layers}`);
  }
  const pastMeta = s.language.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
  const kvHeads = staticDim(pastMeta, 1) ?? config.kvHeads;
  const headDim = staticDim(pastMeta, 3) ?? config.headDim;
  if (kvHeads !== config.kvHeads || headDim !== config.headDim) {
    throw new Error(
      `Janus pack: config says ${config.kvHeads} heads of ${config.headDim}, the graph ${kvHeads} of ${headDim}`,
    );
  }
  const kvType = floatType(s.language, 'past_key_values.0.key');
  const embedsType = floatType(s.language, 'inputs_embeds');
  const headInput = (head: InferenceSession): string => head.inputNames[0]!;
  const hiddenName = s.language.outputNames.find((n) => !n.startsWith('present'));
  if (!hiddenName) throw new Error('Janus language_model has no hidden-state output');
  const decodeOut = s.decode.outputMetadata[0];
  const imageSize = staticDim(decodeOut, 3) ?? config.vision.size;
  if (imageSize % config.grid !== 0) {
    throw new Error(`Janus pack: image size ${imageSize} is not a multiple of the ${config.grid}-token grid`);
  }
  const pixelType = floatType(s.prepare, 'pixel_values');

  return {
    dir,
    config,
    tokenizer,
    imageSize,
    patch: imageSize / config.grid,
    cacheBytesPerPosition: layers * 2 * kvHeads * headDim * (kvType === 'float16' ? 2 : 4),

    async embed({ ids: rows, pixels, seqMask }) {
      const b = rows.length;
      const t = rows[0]!.length;
      const size = config.vision.size;
      const images = pixels ? 1 : 0;
      // No image: [0, 0, 3, size, size] as transformers.js sends it (a 0 batch keeps the graph's reshapes valid).
      const pixelTensor = asFloatType(
        new Tensor('float32', pixels ?? new Float32Array(0), pixels ? [b, 1, 3, size, size] : [0, 0, 3, size, size]),
        pixelType,
      );
      const mask = seqMask ?? rows.map((r) => r.map(() => false));
      const feeds = {
        input_ids: ids(rows.flat(), [b, t]),
        pixel_values: pixelTensor,
        images_seq_mask: bools(mask.flat(), [b, t]),
        images_emb_mask: bools(new Array<boolean>(b * images * config.numImageTokens).fill(true), [
          b,
          images,
          config.numImageTokens,
        ]),
      };
      const out = await s.prepare.run(feeds);
      return outputTensor(out, s.prepare.outputNames[0]!);
    },

    async embedImageTokens(tokens) {
      const out = await s.genEmbeds.run({ [s.genEmbeds.inputNames[0]!]: ids(tokens, [tokens.length, 1]) });
      return outputTensor(out, s.genEmbeds.outputNames[0]!);
    },

    emptyCache(batch) {
      const cache: KvCache = {};
      for (const name of pastNames) cache[name] = emptyFloat(kvType, [batch, kvHeads, 0, headDim]);
      return cache;
    },

    async step(embeds, mask, cache) {
      const b = mask.length;
      const feeds: Record<string, Tensor> = {
        inputs_embeds: asFloatType(embeds, embedsType),
        attention_mask: maskTensor(mask),
        ...cache,
      };
      if (s.language.inputNames.includes('position_ids')) {
        const count = embeds.dims[1]!;
        feeds['position_ids'] = ids(
          mask.flatMap((row) => positionIds(row, count)),
          [b, count],
        );
      }
      const out = await s.language.run(feeds);
      const next: KvCache = {};
      for (const name of pastNames) next[name] = outputTensor(out, name.replace('past_key_values', 'present'));
      return { hidden: outputTensor(out, hiddenName), cache: next };
    },

    async textLogits(hidden) {
      const out = await s.lmHead.run({
        [headInput(s.lmHead)]: asFloatType(lastPosition(hidden), floatType(s.lmHead, headInput(s.lmHead))),
      });
      return outputTensor(out, s.lmHead.outputNames[0]!);
    },

    async imageLogits(hidden) {
      const out = await s.genHead.run({
        [headInput(s.genHead)]: asFloatType(lastPosition(hidden), floatType(s.genHead, headInput(s.genHead))),
      });
      return outputTensor(out, s.genHead.outputNames[0]!);
    },

    async decode(tokens) {
      const out = await s.decode.run({ [s.decode.inputNames[0]!]: ids(tokens, [1, tokens.length]) });
      const image = outputTensor(out, s.decode.outputNames[0]!);
      const [, c, h, w] = image.dims as [number, number, number, number];
      if (c !== 3 || h !== imageSize || w !== imageSize) {
        throw new Error(`Janus image_decode gave [${image.dims.join(', ')}], expected 3x${imageSize}x${imageSize}`);
      }
      return image.type === 'float32'
        ? (image.data as Float32Array)
        : (asFloatType(image, 'float32').data as Float32Array);
    },

    release: () => releaseAll(s),
  };
}
