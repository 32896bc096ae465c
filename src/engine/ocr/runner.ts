// The OCR task runner: PaddleOCR v4 det -> cls -> rec on one image, with our
// own typed-array pre- and post-processing. Lives in the inference worker.
import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { requireImage } from '../require-image.js';
import { requirePack } from '../require-pack.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult, OcrTaskOptions, RawImage, Region } from '../types.js';
import { classifyUpsideDown } from './cls.js';
import { cropQuad, cropSize, isTall, rotate180, rotate90ccw } from './crop.js';
import { ctcCharset, ctcDecode } from './ctc-decode.js';
import type { Decoded } from './ctc-decode.js';
import { dbPostprocess } from './db-postprocess.js';
import type { TextBox } from './db-postprocess.js';
import { DET_LIMIT_SIDE, detPreprocess } from './det-preprocess.js';
import type { Quad } from './geometry.js';
import { expandQuad } from './geometry.js';
import { toRgb } from './pixels.js';
import type { RgbImage } from './pixels.js';
import { readingOrder } from './reading-order.js';
import { scaledWidth } from './line-tensor.js';
import { REC_BATCH, REC_HEIGHT, recBatches, recPreprocess } from './rec-preprocess.js';
import { emptyColumns, withWordSpaces } from './word-spaces.js';

/** The pack name users are told to pull when no OCR pack is installed. */
export const OCR_PACK = 'ppocr-v4';
export const OCR_ARCHITECTURE = 'paddleocr-v4';

/** PaddleOCR's drop_score: lines read with less mean confidence are dropped. */
export const DROP_SCORE = 0.5;

/**
 * Extra height above and below a box when cropping it for recognition, as a
 * fraction of the box height. DB boxes at unclip 1.5 clip descenders; 0.1 kept
 * the spaces between words far more often (50-55 vs 32 of 75 on our fixtures)
 * without pulling in the neighbouring lines (0.2 did). Horizontal margins are
 * not added: words split into two boxes would read each other's edges.
 */
export const REC_CROP_MARGIN = 0.1;

interface Models {
  det: InferenceSession;
  rec: InferenceSession;
  cls: InferenceSession | undefined;
  charset: string[];
}

/** One recognised text box, in original image pixels. */
export interface OcrLine {
  text: string;
  score: number;
  quad: Quad;
}

/** The task options with their defaults filled in. */
type OcrSettings = Required<OcrTaskOptions>;

function settingsOf(options: OcrTaskOptions | undefined): OcrSettings {
  return { angle: options?.angle ?? true, dropScore: options?.dropScore ?? DROP_SCORE };
}

function optionalFile(pack: InstalledPack, role: string): string | undefined {
  return role in pack.manifest.files ? pack.file(role) : undefined;
}

function boundsOf(quad: Quad, width: number, height: number): [number, number, number, number] {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const clampX = (v: number): number => Math.min(width, Math.max(0, Math.round(v)));
  const clampY = (v: number): number => Math.min(height, Math.max(0, Math.round(v)));
  return [clampX(Math.min(...xs)), clampY(Math.min(...ys)), clampX(Math.max(...xs)), clampY(Math.max(...ys))];
}

function outputOf(session: InferenceSession, result: InferenceSession.OnnxValueMapType): Tensor {
  const name = session.outputNames[0];
  const value = name === undefined ? undefined : result[name];
  if (!(value instanceof Tensor)) throw new Error(`model output ${name ?? '(none)'} is missing`);
  return value;
}

export function createOcrRunner(): TaskRunner<'ocr'> {
  const cache = new SessionCache<Models>({
    release: async (m) => void (await Promise.all([m.det.release(), m.rec.release(), m.cls?.release()])),
  });

  async function load(pack: InstalledPack, ctx: TaskContext): Promise<Models> {
    const clsPath = optionalFile(pack, 'cls');
    const [det, rec, cls, keys] = await Promise.all([
      ctx.sessions.create(pack.file('det')),
      ctx.sessions.create(pack.file('rec')),
      clsPath === undefined ? Promise.resolve(undefined) : ctx.sessions.create(clsPath),
      readFile(pack.file('keys'), 'utf8'),
    ]);
    return { det, rec, cls, charset: ctcCharset(keys) };
  }

  function getModels(ctx: TaskContext): Promise<Models> {
    const pack = requirePack(ctx.packs, 'ocr', OCR_ARCHITECTURE, OCR_PACK);
    return cache.get(pack.dir, () => load(pack, ctx));
  }

  return {
    task: 'ocr',
    architecture: OCR_ARCHITECTURE,
    async run(inputs: EngineInputs<'ocr'>, ctx: TaskContext): Promise<EngineResult<'ocr'>> {
      const image = requireImage(inputs);
      const m = await getModels(ctx);
      return recogniseImage(image, m, settingsOf(inputs.options), ctx);
    },
    dispose: () => cache.dispose(),
  };
}

/** Yields to the event loop so a cancel message can land, then honours it. */
async function checkpoint(ctx: TaskContext): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  ctx.throwIfAborted();
}

/**
 * Small text seen at the detector's usual scale: when the median box is
 * thinner than this (in detector pixels), its boxes are loose and touch the
 * neighbouring lines, so the image is detected again at a finer scale.
 */
export const FINE_DETECT_BELOW = 20;
/** The finest detector input: a 12 MP page with 24 px lines read perfectly at 2048. */
export const DET_FINE_LIMIT = 2560;

/** The long side to detect at again for small text, or undefined when the boxes are big enough (or no finer scale exists). */
export function finerDetectLimit(boxes: readonly TextBox[], width: number, height: number): number | undefined {
  const long = Math.max(width, height);
  if (boxes.length === 0 || long <= DET_LIMIT_SIDE) return undefined;
  const scale = DET_LIMIT_SIDE / long;
  const thin = boxes
    .map((b) => {
      const size = cropSize(b.quad);
      return Math.min(size.width, size.height) * scale;
    })
    .sort((a, b) => a - b);
  const median = thin[Math.floor(thin.length / 2)]!;
  if (median >= FINE_DETECT_BELOW) return undefined;
  // Enough to bring the median box to the threshold, within the image and the cap.
  const wanted = Math.ceil((DET_LIMIT_SIDE * FINE_DETECT_BELOW) / Math.max(1, median) / 32) * 32;
  return Math.min(long, DET_FINE_LIMIT, Math.max(wanted, DET_LIMIT_SIDE + 512));
}

async function detect(rgb: RgbImage, det: InferenceSession): Promise<TextBox[]> {
  const boxes = await detectAt(rgb, det, DET_LIMIT_SIDE);
  const finer = finerDetectLimit(boxes, rgb.width, rgb.height);
  return finer === undefined ? boxes : detectAt(rgb, det, finer);
}

async function detectAt(rgb: RgbImage, det: InferenceSession, limit: number): Promise<TextBox[]> {
  const input = await detPreprocess(rgb, limit);
  const feeds = { [det.inputNames[0]!]: new Tensor('float32', input.tensor, [1, 3, input.height, input.width]) };
  const output = outputOf(det, await det.run(feeds));
  const [, , mapH, mapW] = output.dims as [number, number, number, number];
  return dbPostprocess({ data: output.data as Float32Array, width: mapW, height: mapH }, rgb.width, rgb.height);
}

async function recogniseImage(
  image: RawImage,
  m: Models,
  options: OcrSettings,
  ctx: TaskContext,
): Promise<EngineResult<'ocr'>> {
  const t0 = performance.now();
  const timings: Record<string, number> = { det: 0, crop: 0, cls: 0, rec: 0, total: 0 };
  const finish = (lines: OcrLine[]): EngineResult<'ocr'> => {
    timings['total'] = performance.now() - t0;
    return buildResult(lines, image.width, image.height, timings);
  };
  if (image.width < 1 || image.height < 1) return finish([]);

  const rgb = toRgb(image);
  const boxes = await detect(rgb, m.det);
  timings['det'] = performance.now() - t0;
  ctx.progress({ fraction: 0.3 });
  await checkpoint(ctx);
  if (boxes.length === 0) {
    ctx.progress({ fraction: 1 });
    return finish([]);
  }

  let t = performance.now();
  const crops = boxes.map((b) => {
    const size = cropSize(b.quad);
    const margin = Math.min(size.width, size.height) * REC_CROP_MARGIN;
    const crop = cropQuad(rgb, expandQuad(b.quad, 0, margin), 2 * REC_HEIGHT);
    return isTall(crop) ? rotate90ccw(crop) : crop;
  });
  timings['crop'] = performance.now() - t;

  // Each job is one crop in one orientation; a crop the classifier calls upside
  // down is read both ways and the more confident reading wins, because the
  // small v2 classifier sometimes flips upright text.
  const jobs: { crop: number; image: RgbImage }[] = crops.map((image, crop) => ({ crop, image }));
  if (options.angle && m.cls) {
    t = performance.now();
    const flags = await classifyUpsideDown(m.cls, crops, () => checkpoint(ctx));
    flags.forEach((flip, crop) => {
      if (flip) jobs.push({ crop, image: rotate180(crops[crop]!) });
    });
    timings['cls'] = performance.now() - t;
    ctx.progress({ fraction: 0.4 });
  }

  t = performance.now();
  const decoded = new Array<Decoded | undefined>(crops.length);
  const batches = recBatches(
    jobs.map((j) => j.image),
    REC_BATCH,
  );
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    const input = recPreprocess(batch.map((j) => jobs[j]!.image));
    const feeds = {
      [m.rec.inputNames[0]!]: new Tensor('float32', input.tensor, [batch.length, 3, REC_HEIGHT, input.width]),
    };
    const output = outputOf(m.rec, await m.rec.run(feeds));
    const [n, steps, classes] = output.dims as [number, number, number];
    const texts = ctcDecode(output.data as Float32Array, n, steps, classes, m.charset);
    const plane = REC_HEIGHT * input.width;
    batch.forEach((j, k) => {
      const crop = jobs[j]!.crop;
      const image = jobs[j]!.image;
      const validWidth = scaledWidth(image, REC_HEIGHT, input.width);
      const columns = () => emptyColumns(input.tensor, k * 3 * plane, REC_HEIGHT, input.width, validWidth);
      const read = texts[k]!;
      const reading = { ...read, text: withWordSpaces(read, columns, input.width / steps) };
      const previous = decoded[crop];
      if (!previous || reading.score > previous.score) decoded[crop] = reading;
    });
    ctx.progress({ fraction: 0.4 + (0.6 * (b + 1)) / batches.length });
    await checkpoint(ctx);
  }
  timings['rec'] = performance.now() - t;

  const lines: OcrLine[] = [];
  boxes.forEach((box, i) => {
    const d = decoded[i];
    if (d && d.text.trim() !== '' && d.score >= options.dropScore) {
      lines.push({ text: d.text.trim(), score: d.score, quad: box.quad });
    }
  });
  return finish(lines);
}

/** Regions one per text box, text one row per visual line (boxes on a row joined by a space). */
function buildResult(
  lines: OcrLine[],
  width: number,
  height: number,
  timingsMs: Record<string, number>,
): EngineResult<'ocr'> {
  const rows = readingOrder(lines.map((l) => l.quad));
  const regions: Region[] = [];
  const textRows: string[] = [];
  for (const row of rows) {
    const parts: string[] = [];
    for (const i of row) {
      const line = lines[i]!;
      parts.push(line.text);
      regions.push({
        label: line.text,
        score: line.score,
        box: boundsOf(line.quad, width, height),
        polygon: line.quad.map(([x, y]): [number, number] => [x, y]),
      });
    }
    textRows.push(parts.join(' '));
  }
  return { text: textRows.join('\n'), regions, timingsMs };
}
