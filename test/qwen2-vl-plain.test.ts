// The tiny Qwen2-VL pack loads and generates in plain transformers.js, with no Scanline code: the
// published layout (session names, inputs, outputs, configs) is what the reference consumer expects.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AutoProcessor, Qwen2VLForConditionalGeneration, RawImage, env, type Tensor } from '@huggingface/transformers';

const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

describe('qwen2-vl-tiny in plain transformers.js', () => {
  it('answers a question about an image', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = MODELS_DIR;
    const processor = await AutoProcessor.from_pretrained('qwen2-vl-tiny');
    const model = await Qwen2VLForConditionalGeneration.from_pretrained('qwen2-vl-tiny', { device: 'cpu' });
    const pixels = new Uint8ClampedArray(96 * 64 * 3).map((_, i) => (i * 37) % 256);
    const image = new RawImage(pixels, 96, 64, 3);
    const messages = [
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is in this picture?' }] },
    ];
    const text = processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
    expect(text).toContain('<|vision_start|><|image_pad|><|vision_end|>');
    const inputs = await processor(text, image);
    const promptLength = (inputs.input_ids as Tensor).dims[1]!;
    const output = (await model.generate({ ...inputs, max_new_tokens: 5, do_sample: false })) as Tensor;
    expect(output.dims).toEqual([1, promptLength + 5]);
    const answer = processor.batch_decode(output.slice(null, [promptLength, promptLength + 5]), {
      skip_special_tokens: true,
    });
    expect(answer[0]!.length).toBeGreaterThan(0);
    await model.dispose();
  });
});
