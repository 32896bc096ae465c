// Parity of our Janus runner with the reference consumer of these exports:
// with greedy decoding, transformers.js `generate_images` and `generate` pick
// the same image tokens and answer tokens as ours, on both tiny packs.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImage } from '../src/engine/janus/generate.js';
import type { GenerateOptions, UnderstandOptions } from '../src/engine/janus/janus-options.js';
import { loadJanusModel, type JanusModel } from '../src/engine/janus/janus-model.js';
import { USER_ROLE } from '../src/engine/janus/janus-tokenizer.js';
import { answerQuestion } from '../src/engine/janus/understand.js';
import { visionInput } from '../src/engine/janus/vision-input.js';
import type { RawImage } from '../src/engine/types.js';
import { ALT_PACK_DIR, MAIN_PACK_DIR, janusPack } from './helpers/engine/janus-packs.js';
import { cpuSessions, packLookup, testContext } from './helpers/ocr-pack.js';

const PROMPT = 'a red fox in snow';
const QUESTION = 'What is in this picture?';
const ANSWER_TOKENS = 12;
const CFG = 5;

/** The parts of transformers.js' Janus model and processor this test calls. */
interface Streamer {
  put(ids: bigint[][]): void;
  end(): void;
}
interface PeerModel {
  generate_images(options: object): Promise<unknown[]>;
  generate(options: object): Promise<{ tolist(): bigint[][] }>;
  dispose(): Promise<unknown>;
}
type PeerInputs = Record<string, { dims: number[] }>;
type PeerProcessor = (conversation: object[], options?: object) => Promise<PeerInputs>;
type PeerImageProcessor = (image: unknown) => Promise<{ pixel_values: { data: Float32Array } }>;

/** A non-square photo, so both sides resize and pad it to the vision square. */
function photo(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x + y) * 37) % 256;
    }
  }
  return { data, width, height, channels: 3 };
}

const GREEDY = { temperature: 0, topK: 0, topP: 1 } as const;

describe.each([
  ['janus-tiny', MAIN_PACK_DIR],
  ['janus-tiny-alt', ALT_PACK_DIR],
])('Janus parity with transformers.js on %s', (name, dir) => {
  let ours: JanusModel;
  let peer: PeerModel;
  let processor: PeerProcessor;
  let imageProcessor: PeerImageProcessor;
  let peerImage: (image: RawImage) => unknown;

  beforeAll(async () => {
    ours = await loadJanusModel(janusPack(dir), cpuSessions(1));
    const tjs = await import('@huggingface/transformers');
    tjs.env.allowRemoteModels = false;
    tjs.env.localModelPath = path.dirname(path.resolve(dir));
    processor = (await tjs.AutoProcessor.from_pretrained(name)) as unknown as PeerProcessor;
    imageProcessor = (await tjs.AutoImageProcessor.from_pretrained(name)) as unknown as PeerImageProcessor;
    peer = (await tjs.MultiModalityCausalLM.from_pretrained(name, {
      dtype: 'fp32',
      device: 'cpu',
      session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
    })) as unknown as PeerModel;
    peerImage = (image) => new tjs.RawImage(image.data, image.width, image.height, image.channels);
  });

  afterAll(async () => {
    await ours?.release();
    await peer?.dispose();
  });

  it('picks the same image tokens as generate_images with greedy decoding', async () => {
    const opts: GenerateOptions = { seed: 0, seedWasRandom: false, cfgWeight: CFG, previews: false, ...GREEDY };
    const ctx = testContext(packLookup([]), cpuSessions(1));
    const mine = await generateImage(ours, PROMPT, opts, ctx, 0);

    const theirs: number[] = [];
    let prompt = true;
    // The streamer sees the prompt once, then each chosen token: the only way generate_images shows its tokens.
    const streamer: Streamer = {
      put(ids) {
        if (!prompt) theirs.push(...ids.map((row) => Number(row[0])));
        prompt = false;
      },
      end() {},
    };
    const inputs = await processor([{ role: USER_ROLE, content: PROMPT }], { chat_template: 'text_to_image' });
    const count = ours.config.numImageTokens;
    await peer.generate_images({
      ...inputs,
      min_new_tokens: count,
      max_new_tokens: count,
      do_sample: false,
      guidance_scale: CFG,
      streamer,
    });

    expect(theirs).toHaveLength(count);
    expect(mine.tokens).toEqual(theirs);
  });

  it.each([
    [97, 61],
    [61, 97],
    [20, 33],
  ])('prepares the same pixels as VLMImageProcessor for a %ix%i photo', async (width, height) => {
    const image = photo(width, height);
    const mine = await visionInput(image, ours.config.vision);
    const theirs = (await imageProcessor(peerImage(image))).pixel_values.data;
    expect(Buffer.from(mine.buffer).equals(Buffer.from(theirs.buffer, theirs.byteOffset, theirs.byteLength))).toBe(
      true,
    );
  });

  it('answers with the same tokens as generate with greedy decoding', async () => {
    const image = photo(97, 61);
    const opts: UnderstandOptions = { seed: 0, maxNewTokens: ANSWER_TOKENS, ...GREEDY };
    const ctx = testContext(packLookup([]), cpuSessions(1));
    const mine = await answerQuestion(ours, image, QUESTION, opts, ctx);

    const inputs = await processor([
      { role: USER_ROLE, content: `<image_placeholder>\n${QUESTION}`, images: [peerImage(image)] },
    ]);
    const sequences = await peer.generate({ ...inputs, max_new_tokens: ANSWER_TOKENS, do_sample: false });
    const promptLength = inputs['input_ids']!.dims[1]!;
    const theirs = sequences.tolist()[0]!.slice(promptLength).map(Number);

    const eos = mine.stop === 'eos' ? [ours.tokenizer.eosId] : [];
    expect(theirs.length).toBeGreaterThan(1);
    expect([...mine.ids, ...eos]).toEqual(theirs);
  });
});
