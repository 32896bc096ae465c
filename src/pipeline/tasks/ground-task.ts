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
import { realPackFor } from './understand-task.js';
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

/** Where the boxes came from: Qwen-VL (maybe its tiny test pack), or COCO detection in its place. */
type Source = { kind: 'qwen'; testPack?: string } | { kind: 'coco'; pack: string; testPack?: string };

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
  const test = source.testPack;
  if (source.kind === 'qwen') {
    return test ? t('groundTestPack', locale, { pack: test, pull: realPackFor(test) }) : t('groundByQwen', locale);
  }
  return test
    ? t('groundTestPackCoco', locale, { pack: test, pull: source.pack })
    : t('groundByCoco', locale, { pack: source.pack });
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
    const coco = async (source: Extract<Source, { kind: 'coco' }>, label: string) => {
      const result = await ctx.engine.run('detect', { ...engineInputs(spare, finals), prompt: label }, opts);
      return groundReply(spare, result, source, finals, canvas);
    };
    try {
      const result = await ctx.engine.run('ground', { ...engineInputs(ctx, finals), prompt: phrase }, opts);
      const meta = result.meta;
      if (!meta?.testPack) return await groundReply(ctx, result, { kind: 'qwen' }, finals, canvas);
      // The tiny test pack's boxes mean nothing: COCO detection answers for its 80 kinds, and the reply says why.
      const label = phrase ? cocoLabelOf(phrase) : '';
      if (label === undefined)
        return await groundReply(ctx, result, { kind: 'qwen', testPack: meta.pack }, finals, canvas);
      return await coco({ kind: 'coco', pack: realPackFor(meta.pack), testPack: meta.pack }, label);
    } catch (error) {
      if (!noGroundModel(error)) throw error;
      const named = error.params['pack'];
      const pack = typeof named === 'string' ? named : GROUND_PACK;
      // No phrase ("/annotate ground") is everything the detector knows; a phrase must name a COCO kind.
      const label = phrase ? cocoLabelOf(phrase) : '';
      if (label === undefined) throw new ScanlineError('ground_model_missing', { phrase, pack });
      return await coco({ kind: 'coco', pack }, label);
    }
  },
};
