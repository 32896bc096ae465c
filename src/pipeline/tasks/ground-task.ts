// The `ground` task: a phrase -> boxes on the image ("where is the red umbrella?"). Qwen-VL grounds any
// phrase; with no Qwen-VL installed, COCO detection answers for the 80 COCO kinds and the reply says so.
import { isScanlineError, ScanlineError } from '../../common/errors.js';
import { t } from '../../common/messages.js';
import { isMaybe, type EngineProgress, type EngineResult, type RawImage, type Region } from '../../engine/index.js';
import { regionsToAnnotations } from '../annotate.js';
import type { Annotation, Locale } from '../types.js';
import { copyOf, encodeMs, engineTimings, maybeAnnotated, shownLabel } from './annotate-tasks.js';
import { cocoLabelOf } from './coco-phrase.js';
import { engineInputs, finalImages, firstInputSize, hasInput } from './engine-images.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** The Qwen-VL pack the reply names when the engine's error names none. */
export const GROUND_PACK = 'qwen2-vl-2b';

/** The engine has no grounding model: no Qwen-VL pack installed, or no runner for `ground` at all. */
function noGroundModel(error: unknown): error is ScanlineError {
  return (
    isScanlineError(error) &&
    (error.code === 'model_missing' || error.code === 'task_unavailable') &&
    error.params['task'] === 'ground'
  );
}

/** The first input again for a second run: the engine transfers (detaches) the buffers of the first. */
function spareInputs(ctx: TaskContext): TaskContext {
  const images = ctx.images.slice(0, 1).map((image) => ({ ...image, data: image.data.slice() }));
  const files = ctx.files?.slice(0, 1).map((file) => ({ ...file, data: file.data.slice() }));
  return { ...ctx, images, ...(files ? { files } : {}) };
}

/**
 * Where the boxes came from: Qwen-VL or COCO detection in its place; `testPack` when the installed Qwen-VL is the
 * tiny test pack, and `pull`, the pack that would answer for real.
 */
interface Source {
  kind: 'qwen' | 'coco';
  pull: string;
  testPack?: string;
}

/** "the dog: 1 box" per label, most boxes first, then the numbers drawn on the image when there are several. */
function foundText(regions: readonly Region[], source: Source, locale: Locale): string {
  const named = (r: Region) => (source.kind === 'coco' ? shownLabel(r.label, r.score, locale) : r.label);
  const groups = new Map<string, Region[]>();
  for (const r of regions) groups.set(r.label, [...(groups.get(r.label) ?? []), r]);
  const lines = [...groups.values()]
    .sort((a, b) => b.length - a.length)
    .map((group) => {
      // A kind whose every detector box is under the calibrated floor is named as a guess ("maybe a dog").
      const sure = group.find((r) => source.kind !== 'coco' || !isMaybe(r.score)) ?? group[0]!;
      const what = named(sure);
      return group.length === 1
        ? t('groundFoundOne', locale, { what })
        : t('groundFound', locale, { what, count: group.length });
    });
  if (regions.length > 1) lines.push(...regions.map((r, i) => `${i + 1}. ${named(r)}`));
  return lines.join('\n');
}

async function groundReply(
  ctx: TaskContext,
  result: EngineResult,
  source: Source,
  finals: { maxBytes: number; names: string[]; drawRegions: true },
  canvas: RawImage | undefined,
): Promise<TaskOutput> {
  const { plan } = ctx;
  const phrase = plan.prompt.trim();
  // A box the model gave no phrase is the phrase asked for.
  const regions = (result.regions ?? []).map((r) => (r.label.trim() ? r : { ...r, label: phrase }));
  const { width, height } = firstInputSize(ctx, result);
  const boxes = regionsToAnnotations(regions, 'object', width, height);
  const annotations: Annotation[] = source.kind === 'coco' ? maybeAnnotated(boxes) : boxes;
  const started = performance.now();
  const [image] = await finalImages({ ...result, regions }, finals, canvas);
  if (!image) throw new Error('ground returned no image');
  let text = foundText(regions, source, plan.locale);
  if (regions.length === 0)
    text = phrase ? t('noTarget', plan.locale, { target: phrase }) : t('noObjects', plan.locale);
  return {
    images: [image],
    text,
    annotations,
    notes: [sourceNote(source, plan.locale)],
    timingsMs: { ...engineTimings(result), annotate: encodeMs(result, started) },
  };
}

/** The reply says where its boxes came from, and what to pull when that was not a real Qwen-VL model. */
function sourceNote(source: Source, locale: Locale): string {
  const { testPack, pull } = source;
  if (source.kind === 'qwen') {
    return testPack ? t('groundTestPack', locale, { pack: testPack, pull }) : t('groundByQwen', locale);
  }
  return testPack
    ? t('groundTestPackCoco', locale, { pack: testPack, pull })
    : t('groundByCoco', locale, { pack: pull });
}

export const groundTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    if (!hasInput(ctx)) throw new Error('ground task started without an image');
    const phrase = ctx.plan.prompt.trim();
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-ground'], drawRegions: true as const };
    const canvas = copyOf(ctx.images[0]);
    const spare = spareInputs(ctx);
    const opts = { signal: ctx.signal, onProgress: (p: EngineProgress) => ctx.progress(p) };
    // No phrase ("/annotate ground") is everything the detector knows; otherwise the COCO kind it names, if any.
    const cocoLabel = phrase ? cocoLabelOf(phrase) : '';
    const coco = async (source: Source, label: string) => {
      const result = await ctx.engine.run('detect', { ...engineInputs(spare, finals), prompt: label }, opts);
      return groundReply(spare, result, source, finals, canvas);
    };
    try {
      const result = await ctx.engine.run('ground', { ...engineInputs(ctx, finals), prompt: phrase }, opts);
      const meta = result.meta;
      const source: Source = { kind: 'qwen', pull: meta?.realPack ?? GROUND_PACK };
      if (!meta?.testPack) return await groundReply(ctx, result, source, finals, canvas);
      // The tiny test pack's boxes mean nothing: COCO detection answers for its 80 kinds, and the reply says why.
      const test = { ...source, testPack: meta.pack };
      if (cocoLabel === undefined) return await groundReply(ctx, result, test, finals, canvas);
      return await coco({ ...test, kind: 'coco' }, cocoLabel);
    } catch (error) {
      if (!noGroundModel(error)) throw error;
      const named = error.params['pack'];
      const pull = typeof named === 'string' ? named : GROUND_PACK;
      if (cocoLabel === undefined) throw new ScanlineError('ground_model_missing', { phrase, pack: pull });
      return await coco({ kind: 'coco', pull }, cocoLabel);
    }
  },
};
