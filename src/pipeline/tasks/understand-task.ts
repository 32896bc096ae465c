import { t } from '../../common/messages.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';
import { engineInputs, hasInput } from './engine-images.js';

/** Control characters (a noise pack emits them) break chat messages; newlines and tabs stay. */
function withoutControlChars(text: string): string {
  return Array.from(text)
    .filter((ch) => {
      const code = ch.codePointAt(0)!;
      return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
    })
    .join('');
}

/** Image question answering: the answer streams as progress text, then lands as the reply's text. */
export const understandTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    if (!hasInput(ctx)) throw new Error('understand task started without an image');
    const { plan } = ctx;
    const question = plan.prompt.trim() || t('understandDescribe', plan.locale);
    const result = await ctx.engine.run(
      'understand',
      { ...engineInputs(ctx), prompt: question },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const meta = result.meta;
    const notes: string[] = [];
    if (meta?.stop === 'length') notes.push(t('understandCut', plan.locale, { tokens: meta.tokens }));
    if (meta?.testPack) notes.push(t('understandTestPack', plan.locale, { pack: meta.pack, pull: meta.realPack }));
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images: [],
      text: withoutControlChars(result.text ?? '').trim() || t('understandNoAnswer', plan.locale),
      notes,
      timingsMs: { ...stages, engine: engineMs ?? 0 },
    };
  },
};
