import { createHash } from 'node:crypto';
import { ScanlineError, isScanlineError } from '../../common/errors.js';
import type { EngineResult, RawImage, SafetyScores } from '../../engine/index.js';
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
import { t } from '../../common/messages.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** What the palette followed instead of an unknown style. */
const BASIS = { style: 'posterBasisStyle', theme: 'posterBasisTheme', seed: 'posterBasisSeed' } as const;

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

/** Draws the background with the image model; undefined (with a note) when only the test pack or no pack is there. */
async function generatedBackground(
  ctx: TaskContext,
  copy: PosterCopy,
  palette: Palette,
  seed: number,
): Promise<{ image?: RawImage; safety?: SafetyScores; note?: string; engineMs: number }> {
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
      return { note: t('posterNoModel', plan.locale), engineMs: performance.now() - started };
    }
    throw error;
  }
  const engineMs = performance.now() - started;
  const meta = result.meta;
  const image = result.images?.[0];
  if (!image || !meta) throw new Error('poster: the generate engine returned no image or no pack facts');
  if (meta.testPack) return { note: t('posterTestPack', plan.locale, { pack: meta.pack }), engineMs };
  // The classifier's scores of the drawn background stand for the poster made over it.
  const safety = result.safety?.images[0];
  return { image, engineMs, ...(safety ? { safety } : {}) };
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

    let mark = performance.now();
    const layout = await layoutPoster(canvas, copy, palette);
    timingsMs['layout'] = performance.now() - mark;
    ctx.signal.throwIfAborted();

    const drawn = await generatedBackground(ctx, copy, palette, seed);
    timingsMs['generate'] = drawn.engineMs;
    ctx.signal.throwIfAborted();
    mark = performance.now();
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
    timingsMs['background'] = performance.now() - mark;
    // compose may not take the pixels away: the preview gets its own copy.
    const scored = drawn.safety ? { safety: drawn.safety } : {};
    ctx.progress({
      fraction: GENERATE_SHARE + 0.1,
      image: { ...background.image, data: background.image.data.slice() },
      ...scored,
    });

    mark = performance.now();
    const poster = await composePoster(layout, palette, background.image, { busyCheck: background.generated });
    timingsMs['compose'] = performance.now() - mark;
    ctx.progress({ fraction: 0.95, image: { ...poster.image, data: poster.image.data.slice() }, ...scored });
    ctx.signal.throwIfAborted();

    mark = performance.now();
    const encoded = await encodeFinal(poster.image, { maxBytes: ctx.maxFileBytes, name: `scanline-poster-${seed}` });
    timingsMs['encode'] = performance.now() - mark;
    const quote = (w: string) => (plan.locale === 'zh' ? w : `'${w}'`);
    const notes = [
      t('posterSeed', plan.locale, { seed }),
      ...unknown.map((style) =>
        t('posterStyleUnknown', plan.locale, { style: quote(style), basis: t(BASIS[reason], plan.locale) }),
      ),
      ...(layout.droppedEmoji.length > 0
        ? [t('emojiDropped', plan.locale, { emoji: layout.droppedEmoji.join(' ') })]
        : []),
      ...(background.note ? [background.note] : []),
    ];
    return { images: [{ ...encoded, ...scored }], notes, timingsMs };
  },
};
