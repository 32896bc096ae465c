import { createHash } from 'node:crypto';
import { ScanlineError, isScanlineError } from '../../common/errors.js';
import type { EngineResult, RawImage } from '../../engine/index.js';
import { encodeFinal } from '../image-io/index.js';
import {
  canvasSize,
  choosePalette,
  composePoster,
  extractPosterCopy,
  fittedBackground,
  layoutPoster,
  plainBackground,
  styleRequest,
  type Palette,
  type PosterCopy,
} from '../poster/index.js';
import { say } from '../messages.js';
import type { Locale } from '../types.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** What the reply says about a poster, per locale. */
const NOTES = {
  seed: {
    en: 'Seed {seed}: add --seed {seed} to get this design again.',
    zh: '种子 {seed}：加上 --seed {seed} 可以再得到这个设计。',
  },
  testPack: {
    en: 'The background is a plain design: the installed image model is the tiny test pack ({pack}), which only draws noise. Run `npx scanline models pull janus-pro-1b` for generated backgrounds.',
    zh: '背景为简洁设计：当前的图像模型是微型测试模型包（{pack}），只会画出噪点。运行 `npx scanline models pull janus-pro-1b` 即可生成背景。',
  },
  styleUnknown: {
    en: "I don't have a {style} look yet, so it was not used: the colours follow {basis}.",
    zh: '暂时还没有“{style}”风格，未采用：配色{basis}。',
  },
  noModel: {
    en: 'The background is a plain design: no image model is installed. Run `npx scanline models pull janus-pro-1b` for generated backgrounds.',
    zh: '背景为简洁设计：尚未安装图像模型。运行 `npx scanline models pull janus-pro-1b` 即可生成背景。',
  },
} as const;

/** What the palette followed instead of an unknown style, per locale. */
const BASIS = {
  style: { en: 'the other words you used', zh: '按你说的其他风格词' },
  theme: { en: 'the theme of the text', zh: '按文字的主题' },
  seed: { en: 'the seed', zh: '按种子随机选择' },
} as const;

function note(key: keyof typeof NOTES, locale: Locale, params: Record<string, string | number> = {}): string {
  return NOTES[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Share of the progress bar the background model takes when it runs. */
const GENERATE_SHARE = 0.7;

/** The same text gives the same design unless a seed is asked for (Reroll sends a new one). */
function seedFor(copy: PosterCopy, seed: number | undefined): number {
  if (seed !== undefined) return seed >>> 0;
  return createHash('sha256')
    .update([copy.headline, ...copy.subtitles, ...copy.details].join('\n'))
    .digest()
    .readUInt32BE(0);
}

/** Words for the image model: the mood of the palette and the theme of the text, and no lettering. */
export function backgroundPrompt(copy: PosterCopy, palette: Palette): string {
  const latin = [copy.headline, ...copy.subtitles].find((l) => /[A-Za-z]{3}/.test(l));
  const theme = latin ?? copy.headline;
  return `abstract poster background illustration about ${theme}, ${palette.mood}, simple shapes, soft light, empty space, no text, no letters`;
}

type Background = { image: RawImage; generated: boolean; note?: string; engineMs: number };

/** Facts the generate runner reports (pack name, test pack), when the engine sent them. */
function generateMeta(result: EngineResult<'generate'>): { pack: string; testPack: boolean } | undefined {
  const meta = result.meta;
  if (!meta || typeof meta.pack !== 'string' || typeof meta.testPack !== 'boolean') return undefined;
  return { pack: meta.pack, testPack: meta.testPack };
}

/** Draws the background with the image model; undefined (with a note) when only the test pack or no pack is there. */
async function generatedBackground(
  ctx: TaskContext,
  copy: PosterCopy,
  palette: Palette,
  seed: number,
): Promise<{ image?: RawImage; note?: string; engineMs: number }> {
  const { plan } = ctx;
  const started = performance.now();
  let result: EngineResult<'generate'>;
  try {
    result = await ctx.engine.run(
      'generate',
      { images: [], prompt: backgroundPrompt(copy, palette), options: { seed, previews: false } },
      // Fractions only: the model's rows are not the poster, and the test pack's are noise.
      { signal: ctx.signal, onProgress: (p) => ctx.progress({ fraction: p.fraction * GENERATE_SHARE }) },
    );
  } catch (error) {
    if (isScanlineError(error) && error.code === 'model_missing') {
      return { note: note('noModel', plan.locale), engineMs: performance.now() - started };
    }
    throw error;
  }
  const engineMs = performance.now() - started;
  const meta = generateMeta(result);
  const image = result.images?.[0];
  if (!image || !meta) throw new Error('poster: the generate engine returned no image or no pack facts');
  if (meta.testPack) return { note: note('testPack', plan.locale, { pack: meta.pack }), engineMs };
  return { image, engineMs };
}

/** "make a poster that says ...": text set over a generated or plain designed background. */
export const posterTask: TaskHandler = {
  needsImage: false,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    const { plan } = ctx;
    const copy = extractPosterCopy(plan.prompt);
    if (!copy || !copy.headline) throw new ScanlineError('poster_text_missing');
    const seed = seedFor(copy, plan.params.seed);
    const { palette, reason } = choosePalette(copy.instruction, [copy.headline, ...copy.subtitles].join(' '), seed);
    const { unknown } = styleRequest(copy.instruction);
    const canvas = canvasSize(plan.params.aspect, plan.params.size);
    const timingsMs: Record<string, number> = {};

    let t = performance.now();
    const layout = await layoutPoster(canvas, copy, palette);
    timingsMs['layout'] = performance.now() - t;
    ctx.signal.throwIfAborted();

    const drawn = await generatedBackground(ctx, copy, palette, seed);
    timingsMs['generate'] = drawn.engineMs;
    ctx.signal.throwIfAborted();
    t = performance.now();
    const background: Background = drawn.image
      ? { image: await fittedBackground(drawn.image, canvas, palette), generated: true, engineMs: drawn.engineMs }
      : {
          image: await plainBackground({
            canvas,
            orientation: layout.orientation,
            margin: layout.margin,
            textBox: layout.textBox,
            palette,
            seed,
          }),
          generated: false,
          engineMs: drawn.engineMs,
          ...(drawn.note ? { note: drawn.note } : {}),
        };
    timingsMs['background'] = performance.now() - t;
    // compose may not take the pixels away: the preview gets its own copy.
    ctx.progress({
      fraction: GENERATE_SHARE + 0.1,
      image: { ...background.image, data: background.image.data.slice() },
    });

    t = performance.now();
    const poster = await composePoster(layout, palette, background.image, { busyCheck: background.generated });
    timingsMs['compose'] = performance.now() - t;
    ctx.progress({ fraction: 0.95, image: { ...poster.image, data: poster.image.data.slice() } });
    ctx.signal.throwIfAborted();

    t = performance.now();
    const encoded = await encodeFinal(poster.image, { maxBytes: ctx.maxFileBytes, name: `scanline-poster-${seed}` });
    timingsMs['encode'] = performance.now() - t;
    const quote = (w: string) => (plan.locale === 'zh' ? w : `'${w}'`);
    const notes = [
      note('seed', plan.locale, { seed }),
      ...unknown.map((style) =>
        note('styleUnknown', plan.locale, { style: quote(style), basis: BASIS[reason][plan.locale] }),
      ),
      ...(layout.droppedEmoji.length > 0
        ? [say('emojiDropped', plan.locale, { emoji: layout.droppedEmoji.join(' ') })]
        : []),
      ...(background.note ? [background.note] : []),
    ];
    return { images: [encoded], notes, timingsMs };
  },
};
