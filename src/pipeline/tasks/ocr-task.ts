import { regionsToAnnotations } from '../annotate.js';
import { t } from '../../common/messages.js';
import { finalImages, engineInputs, firstInputSize, hasInput } from './engine-images.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** Reads the text of the first image: the text in reading order, boxes, and the image with numbered boxes. */
export const ocrTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    if (!hasInput(ctx)) throw new Error('ocr task started without an image');
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-ocr'], drawRegions: true };
    // Decoded pixels are transferred to the engine: an engine that does not draw gets our copy.
    const canvas = ctx.images[0] && { ...ctx.images[0], data: ctx.images[0].data.slice() };
    const result = await ctx.engine.run('ocr', engineInputs(ctx, finals), {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const { width, height } = firstInputSize(ctx, result);
    const annotations = regionsToAnnotations(result.regions ?? [], 'text', width, height);
    const started = performance.now();
    const images = await finalImages(result, finals, canvas);
    const text = annotations.length > 0 ? (result.text ?? '') : t('noText', ctx.plan.locale);
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images,
      text,
      annotations,
      timingsMs: { ...stages, engine: engineMs ?? 0, annotate: performance.now() - started },
    };
  },
};
