// Text direction classifier: finds crops that are upside down (label "180").
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { lineTensor } from './line-tensor.js';
import type { RgbImage } from './pixels.js';

/** cls_image_shape 3,48,192. */
export const CLS_HEIGHT = 48;
export const CLS_WIDTH = 192;
export const CLS_BATCH = 6;
/** PaddleOCR turns a crop blindly when the classifier is this sure it is upside down. */
export const CLS_THRESHOLD = 0.9;

export function clsPreprocess(crops: readonly RgbImage[]): Float32Array {
  return lineTensor(crops, CLS_HEIGHT, CLS_WIDTH);
}

/** Reads [N, 2] softmax rows: true where label 1 ("180") wins with at least `threshold`. */
export function upsideDownFlags(probs: Float32Array, count: number, threshold = CLS_THRESHOLD): boolean[] {
  const flags: boolean[] = [];
  for (let n = 0; n < count; n++) {
    const p0 = probs[n * 2]!;
    const p1 = probs[n * 2 + 1]!;
    flags.push(p1 > p0 && p1 >= threshold);
  }
  return flags;
}

/** Runs the classifier over all crops in batches; returns one flag per crop. */
export async function classifyUpsideDown(
  session: InferenceSession,
  crops: readonly RgbImage[],
  between: () => Promise<void>,
  threshold = CLS_THRESHOLD,
): Promise<boolean[]> {
  const flags: boolean[] = [];
  for (let k = 0; k < crops.length; k += CLS_BATCH) {
    const batch = crops.slice(k, k + CLS_BATCH);
    const input = new Tensor('float32', clsPreprocess(batch), [batch.length, 3, CLS_HEIGHT, CLS_WIDTH]);
    const result = await session.run({ [session.inputNames[0]!]: input });
    const output = result[session.outputNames[0]!];
    if (!output) throw new Error('cls model returned no output');
    flags.push(...upsideDownFlags(output.data as Float32Array, batch.length, threshold));
    await between();
  }
  return flags;
}
