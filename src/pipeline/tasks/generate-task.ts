import type { EngineResult, GenerateTaskMeta, GenerateTaskOptions } from '../../engine/index.js';
import { withExtension } from '../image-io/index.js';
import { finalImages } from './engine-images.js';
import type { Locale } from '../types.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** What the reply says about a generation, per locale. */
const NOTES = {
  seed: {
    en: 'Seed {seed}: add --seed {seed} to draw this image again.',
    zh: '种子 {seed}：加上 --seed {seed} 可以再画出同一张图。',
  },
  aspect: {
    en: 'The model draws {size}x{size} squares only; this is the centre cut to {w}:{h} ({width}x{height}). Real non-square generation needs a model that supports it.',
    zh: '该模型只能画 {size}x{size} 的正方形；这是按 {w}:{h} 从中间裁出的部分（{width}x{height}）。真正的非正方形生成需要支持它的模型。',
  },
  testPack: {
    en: 'This is the tiny test pack ({pack}): random weights that draw noise. Get the real model with `npx scanline models pull janus-pro-1b`.',
    zh: '当前是微型测试模型包（{pack}）：随机权重，只会画出噪点。请运行 `npx scanline models pull janus-pro-1b` 获取真正的模型。',
  },
} as const;

function note(key: keyof typeof NOTES, locale: Locale, params: Record<string, string | number>): string {
  return NOTES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The generate runner's facts about the image, when the engine sent them. */
function metaOf(result: EngineResult<'generate'>): GenerateTaskMeta | undefined {
  const meta = result.meta;
  return meta && typeof meta.seed === 'number' && typeof meta.pack === 'string' ? meta : undefined;
}

/** Text to image: the prompt, seed and aspect ratio go to the engine; scanline previews stream as progress. */
export const generateTask: TaskHandler = {
  needsImage: false,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    const { plan } = ctx;
    const options: GenerateTaskOptions = {};
    if (plan.params.seed !== undefined) options.seed = plan.params.seed;
    if (plan.params.aspect) options.aspect = { w: plan.params.aspect.w, h: plan.params.aspect.h };
    // The worker encodes the final; the seed it drew names the file afterwards.
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline'] };
    const result = await ctx.engine.run(
      'generate',
      { images: [], codec: { finals }, prompt: plan.prompt, options },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const meta = metaOf(result);
    const started = performance.now();
    const [file] = await finalImages(result, finals);
    if (!file) throw new Error('generate: the engine returned no image');
    const seedPart = meta ? `-${meta.seed}` : '';
    const encoded = { ...file, name: withExtension(`scanline${seedPart}`, file.mime === 'image/png' ? 'png' : 'jpg') };
    const image = { width: file.width, height: file.height };

    const notes: string[] = [];
    if (meta) {
      notes.push(note('seed', plan.locale, { seed: meta.seed }));
      if (meta.aspectCropped && plan.params.aspect) {
        notes.push(
          note('aspect', plan.locale, {
            size: meta.squareSize,
            w: plan.params.aspect.w,
            h: plan.params.aspect.h,
            width: image.width,
            height: image.height,
          }),
        );
      }
    }
    const testPack = meta?.testPack ? note('testPack', plan.locale, { pack: meta.pack }) : undefined;
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images: [encoded],
      ...(testPack ? { text: testPack } : {}),
      notes,
      timingsMs: {
        ...stages,
        ...(meta ? { previewCount: meta.previews } : {}),
        engine: engineMs ?? 0,
        encode: stages['encode'] ?? performance.now() - started,
      },
    };
  },
};
