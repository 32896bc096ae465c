import { drawAnnotations, regionsToAnnotations } from '../annotate.js';
import { encodeFinal } from '../image-io/index.js';
import { say } from '../messages.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** Reads the text of the first image: the text in reading order, boxes, and the image with numbered boxes. */
export const ocrTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    const input = ctx.images[0];
    if (!input) throw new Error('ocr task started without an image');
    const { width, height } = input;
    // The engine takes the pixels by transfer; keep our own copy to draw on.
    const pixels = input.data.slice();
    const result = await ctx.engine.run(
      'ocr',
      { images: [input] },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const annotations = regionsToAnnotations(result.regions ?? [], 'text', width, height);
    const started = performance.now();
    const drawn = await drawAnnotations({ ...input, data: pixels }, annotations);
    const image = await encodeFinal(drawn, { maxBytes: ctx.maxFileBytes, name: 'scanline-ocr' });
    const text = annotations.length > 0 ? (result.text ?? '') : say('noText', ctx.plan.locale);
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images: [image],
      text,
      annotations,
      timingsMs: { ...stages, engine: engineMs ?? 0, annotate: performance.now() - started },
    };
  },
};
