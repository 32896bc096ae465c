// The annotation tasks on top of the engine: detect (numbered boxes + a count
// summary), segment (overlay + PNG mask), edges (edge map), depth (colour map +
// grey depth).
import { cocoClass } from '../../common/coco-labels.js';
import { isMaybe } from '../../engine/index.js';
import type { EngineResult, RawImage, Region } from '../../engine/index.js';
import { regionsToAnnotations } from '../annotate.js';
import { roughNotes } from '../edit/step-names.js';
import { article } from '../../common/i18n.js';
import { t } from '../../common/messages.js';
import { finalImages, engineInputs, firstInputSize, hasInput } from './engine-images.js';
import type { Locale } from '../types.js';
import type { TaskContext, TaskHandler, TaskOutput } from './task-handler.js';

/** A label in the reply's language ("dog" / "狗"). */
export function labelName(label: string, locale: Locale): string {
  return locale === 'zh' ? (cocoClass(label)?.zh ?? label) : label;
}

/** A label as the reply shows it: "maybe a dog" / "可能是狗" when the detector scored it below the calibrated floor. */
export function shownLabel(label: string, score: number, locale: Locale): string {
  if (!isMaybe(score)) return labelName(label, locale);
  return t('maybeLabel', locale, { article: article(label), label: labelName(label, locale) });
}

/** Unsure detections are flagged, so no consumer takes them as sure; the label stays the class name. */
export function maybeAnnotated<T extends { label: string; score: number }>(annotations: T[]): (T & { maybe?: true })[] {
  return annotations.map((a) => (isMaybe(a.score) ? { ...a, maybe: true as const } : a));
}

/** "1 car; maybe 1 dog" / "1 辆汽车；可能还有 1 只狗": unsure detections counted apart. */
function countWithMaybe(regions: readonly Region[], locale: Locale): string {
  const sure = countSummary(
    regions.filter((r) => !isMaybe(r.score)),
    locale,
  );
  const unsure = countSummary(
    regions.filter((r) => isMaybe(r.score)),
    locale,
  );
  if (!unsure) return sure;
  if (locale === 'zh') return sure ? `${sure}；可能还有 ${unsure}` : `可能有 ${unsure}`;
  return sure ? `${sure}; maybe ${unsure}` : `maybe ${unsure}`;
}

/** "2 dogs, 1 bicycle" / "2 只狗、1 辆自行车", most frequent first. */
export function countSummary(regions: readonly Pick<Region, 'label'>[], locale: Locale): string {
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => {
      const cls = cocoClass(label);
      if (locale === 'zh') return `${n} ${cls?.measure ?? '个'}${cls?.zh ?? label}`;
      return `${n} ${n === 1 ? label : (cls?.plural ?? `${label}s`)}`;
    });
  return parts.join(locale === 'zh' ? '、' : ', ');
}

/** A copy the engine may not detach: the canvas for finals drawn here. */
export function copyOf(image: RawImage | undefined): RawImage | undefined {
  return image && { ...image, data: image.data.slice() };
}

export function engineTimings(result: EngineResult): Record<string, number> {
  const { total, ...stages } = result.timingsMs;
  return { ...stages, engine: total ?? 0 };
}

function needInput(ctx: TaskContext, task: string): void {
  if (!hasInput(ctx)) throw new Error(`${task} task started without an image`);
}

/** Worker-side encode time when the engine encoded, else what the fallback took here. */
export function encodeMs(result: EngineResult, started: number): number {
  return result.timingsMs['encode'] ?? performance.now() - started;
}

export const detectTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    needInput(ctx, 'detect');
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-detect'], drawRegions: true };
    const own = copyOf(ctx.images[0]);
    const result = await ctx.engine.run(
      'detect',
      { ...engineInputs(ctx, finals), prompt: ctx.plan.prompt },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const { width, height } = firstInputSize(ctx, result);
    const regions = result.regions ?? [];
    const locale = ctx.plan.locale;
    const annotations = maybeAnnotated(regionsToAnnotations(regions, 'object', width, height));
    const started = performance.now();
    const [image] = await finalImages(result, finals, own);
    if (!image) throw new Error('detect returned no image');
    let text: string;
    if (regions.length === 0) {
      text = ctx.plan.prompt.trim()
        ? t('noTarget', locale, { target: ctx.plan.prompt.trim() })
        : t('noObjects', locale);
    } else {
      const lines = regions.map((r, i) =>
        isMaybe(r.score)
          ? `${i + 1}. ${shownLabel(r.label, r.score, locale)}${locale === 'zh' ? '（' : ' ('}${Math.round(r.score * 100)}%${locale === 'zh' ? '）' : ')'}`
          : `${i + 1}. ${labelName(r.label, locale)} ${r.score.toFixed(2)}`,
      );
      text = [countWithMaybe(regions, locale), ...lines].join('\n');
    }
    return {
      images: [image],
      text,
      annotations,
      timingsMs: { ...engineTimings(result), annotate: encodeMs(result, started) },
    };
  },
};

export const segmentTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    needInput(ctx, 'segment');
    // The runner returns [mask, overlay]; the reply shows the overlay first.
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-mask', 'scanline-segment'] };
    const result = await ctx.engine.run(
      'segment',
      { ...engineInputs(ctx, finals), prompt: ctx.plan.prompt },
      { signal: ctx.signal, onProgress: (p) => ctx.progress(p) },
    );
    const { width, height } = firstInputSize(ctx, result);
    const started = performance.now();
    const [mask, overlay] = await finalImages(result, finals);
    if (!mask || !overlay) throw new Error('segment returned no mask');
    const images = [overlay, mask];
    const locale = ctx.plan.locale;
    const region = result.regions?.[0];
    const subject = !region || region.label === 'foreground';
    const annotations = region ? regionsToAnnotations([region], 'mask', width, height) : [];
    const standIn = result.meta?.standIn;
    let text = subject
      ? t('maskedSubject', locale)
      : t('masked', locale, {
          label: shownLabel(region.label, region.score, locale),
          percent: Math.round(region.score * 100),
        });
    if (region && !subject && standIn) {
      text = t('standIn', locale, {
        asked: standIn.asked ?? ctx.plan.prompt.trim(),
        article: article(region.label),
        label: labelName(region.label, locale),
        percent: Math.round(region.score * 100),
      });
    }
    const notes = result.text === 'central' ? [t('centralGuess', locale)] : [];
    const quality = result.meta?.maskQuality;
    const { maskPack, maskPackError, betterPack, groundedBy, groundError } = result.meta ?? {};
    if (groundedBy) notes.push(t('foundByGrounding', locale, { pack: groundedBy }));
    else if (groundError) notes.push(t('groundingFailed', locale, { error: groundError }));
    if (maskPackError) notes.push(t('maskPackFailed', locale, maskPackError));
    if (quality?.level === 'rough') notes.push(...roughNotes(quality.reasons, locale, maskPack ? null : betterPack));
    else if (maskPack && quality) {
      notes.push(t('maskByPack', locale, { pack: maskPack, percent: Math.round(quality.confidence * 100) }));
    }
    return {
      images,
      text,
      annotations: subject ? annotations : maybeAnnotated(annotations),
      ...(notes.length > 0 ? { notes } : {}),
      timingsMs: { ...engineTimings(result), encode: encodeMs(result, started) },
    };
  },
};

export const edgesTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    needInput(ctx, 'edges');
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-edges'] };
    const result = await ctx.engine.run('edges', engineInputs(ctx, finals), {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const started = performance.now();
    const [image] = await finalImages(result, finals);
    if (!image) throw new Error('edges returned no image');
    return {
      images: [image],
      text: t('edgesNote', ctx.plan.locale),
      timingsMs: { ...engineTimings(result), encode: encodeMs(result, started) },
    };
  },
};

export const depthTask: TaskHandler = {
  needsImage: true,
  async run(ctx: TaskContext): Promise<TaskOutput> {
    needInput(ctx, 'depth');
    const finals = { maxBytes: ctx.maxFileBytes, names: ['scanline-depth', 'scanline-depth-gray'] };
    const result = await ctx.engine.run('depth', engineInputs(ctx, finals), {
      signal: ctx.signal,
      onProgress: (p) => ctx.progress(p),
    });
    const started = performance.now();
    const images = await finalImages(result, finals);
    if (images.length < 2) throw new Error('depth returned no map');
    return {
      images,
      text: t('depthNote', ctx.plan.locale),
      timingsMs: { ...engineTimings(result), encode: encodeMs(result, started) },
    };
  },
};
