import type { GenerateTaskOptions } from '../../engine/index.js';
import { withExtension } from '../image-io/index.js';
import { t } from '../../common/messages.js';
import { finalImages } from './engine-images.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

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
    const meta = result.meta;
    const started = performance.now();
    const [file] = await finalImages(result, finals);
    if (!file) throw new Error('generate: the engine returned no image');
    const seedPart = meta ? `-${meta.seed}` : '';
    const encoded = { ...file, name: withExtension(`scanline${seedPart}`, file.mime === 'image/png' ? 'png' : 'jpg') };
    const image = { width: file.width, height: file.height };

    const notes: string[] = [];
    if (meta) {
      notes.push(t('generateSeed', plan.locale, { seed: meta.seed }));
      if (meta.aspectCropped && plan.params.aspect) {
        notes.push(
          t('generateAspect', plan.locale, {
            size: meta.squareSize,
            w: plan.params.aspect.w,
            h: plan.params.aspect.h,
            width: image.width,
            height: image.height,
          }),
        );
      }
    }
    const testPack = meta?.testPack ? t('generateTestPack', plan.locale, { pack: meta.pack }) : undefined;
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
