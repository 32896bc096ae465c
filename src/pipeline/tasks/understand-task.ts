import type { EngineResult, UnderstandTaskMeta } from '../../engine/index.js';
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

function metaOf(result: EngineResult<'understand'>): UnderstandTaskMeta | undefined {
  const meta = result.meta;
  return meta && typeof meta.pack === 'string' && typeof meta.tokens === 'number' ? meta : undefined;
}

/** The real pack to pull in place of a tiny test pack of the same family. */
export function realPackFor(testPack: string): string {
  return testPack.startsWith('qwen') ? 'qwen2-vl-2b' : 'janus-pro-1b';
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
    const meta = metaOf(result);
    const notes: string[] = [];
    if (meta?.stop === 'length') notes.push(t('understandCut', plan.locale, { tokens: meta.tokens }));
    if (meta?.testPack)
      notes.push(t('understandTestPack', plan.locale, { pack: meta.pack, pull: realPackFor(meta.pack) }));
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images: [],
      text: withoutControlChars(result.text ?? '').trim() || t('understandNoAnswer', plan.locale),
      notes,
      timingsMs: { ...stages, engine: engineMs ?? 0 },
    };
  },
};
