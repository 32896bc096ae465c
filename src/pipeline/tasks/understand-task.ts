import type { EngineResult, UnderstandTaskMeta } from '../../engine/index.js';
import type { Locale } from '../types.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';
import { engineInputs, hasInput } from './engine-images.js';

const SENTENCES = {
  describe: { en: 'Describe this image.', zh: '描述这张图片。' },
  noAnswer: { en: 'The model gave no answer.', zh: '模型没有给出回答。' },
  cut: { en: 'The answer was cut at {tokens} tokens.', zh: '回答在 {tokens} 个词元处被截断。' },
  testPack: {
    en: 'This is the tiny test pack ({pack}): random weights that answer with noise. Get the real model with `npx scanline models pull janus-pro-1b`.',
    zh: '当前是微型测试模型包（{pack}）：随机权重，只会给出乱码。请运行 `npx scanline models pull janus-pro-1b` 获取真正的模型。',
  },
} as const;

function sentence(key: keyof typeof SENTENCES, locale: Locale, params: Record<string, string | number> = {}): string {
  return SENTENCES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

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

/** Image question answering: the answer streams as progress text, then lands as the reply's text. */
export const understandTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    if (!hasInput(ctx)) throw new Error('understand task started without an image');
    const { plan } = ctx;
    const question = plan.prompt.trim() || sentence('describe', plan.locale);
    const result = await ctx.engine.run(
      'understand',
      { ...engineInputs(ctx), prompt: question },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const meta = metaOf(result);
    const notes: string[] = [];
    if (meta?.stop === 'length') notes.push(sentence('cut', plan.locale, { tokens: meta.tokens }));
    if (meta?.testPack) notes.push(sentence('testPack', plan.locale, { pack: meta.pack }));
    const { total: engineMs, ...stages } = result.timingsMs;
    return {
      images: [],
      text: withoutControlChars(result.text ?? '').trim() || sentence('noAnswer', plan.locale),
      notes,
      timingsMs: { ...stages, engine: engineMs ?? 0 },
    };
  },
};
