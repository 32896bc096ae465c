// A pulled BiRefNet pack (onnx-community/BiRefNet_lite-ONNX layout: `onnx/model.onnx`, input `input_image`,
// output logits [1, 1, 1024, 1024]) run through transformers.js: its image processor (resize to 1024x1024,
// ImageNet normalisation) and its model loader, as its background-removal pipeline uses them. Our code maps
// the input name as that pipeline does, and turns the logits into a soft mask at the photo's size.
import { resizeMap } from '../depth/depth-map.js';
import type { InstalledPack } from '../task-runner.js';
import type { ExecutionProvider, MaskQuality, RawImage } from '../types.js';
import { ROUGH_BELOW } from './mask-quality.js';
import { offlineTransformers, sessionDtypes } from './transformers-pack.js';

export const BIREFNET_ARCHITECTURE = 'birefnet';
/** The catalog pack users are told to pull for the main subject. */
export const BIREFNET_PACK = 'birefnet-lite';

export interface SalientModel {
  /** Soft salient-object mask (0-255) at the image's size. */
  mask(image: RawImage): Promise<Uint8Array>;
  release(): Promise<void>;
}

type Tensor = import('@huggingface/transformers').Tensor;

export function toTransformersImage(
  tf: typeof import('@huggingface/transformers'),
  image: RawImage,
): InstanceType<typeof tf.RawImage> {
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new tf.RawImage(data, image.width, image.height, image.channels);
}

/** Probabilities from the model's output: logits get a sigmoid (the exports differ; transformers.js checks the range too). */
export function toProbabilities(values: Float32Array): Float32Array {
  const logits = values.some((v) => v < -1e-5 || v > 1 + 1e-5);
  return logits ? values.map((v) => 1 / (1 + Math.exp(-v))) : values;
}

export async function loadBirefnet(pack: InstalledPack, device: ExecutionProvider): Promise<SalientModel> {
  const { tf, id } = await offlineTransformers(pack);
  const processor = await tf.AutoProcessor.from_pretrained(id, { local_files_only: true });
  const model = await tf.AutoModel.from_pretrained(id, {
    local_files_only: true,
    device,
    dtype: sessionDtypes(pack, ['model'])['model'],
  });
  const session = (model as unknown as { sessions: Record<string, { inputNames: string[]; outputNames: string[] }> })
    .sessions['model'];
  if (!session) throw new Error(`${pack.manifest.name}: transformers.js opened no model session`);
  return {
    async mask(image) {
      const inputs = (await processor(toTransformersImage(tf, image))) as Record<string, Tensor>;
      const pixels = inputs['pixel_values'];
      if (!pixels) throw new Error(`${pack.manifest.name}: the image processor gave no pixel_values`);
      // The export names its input `input_image`; transformers.js's background-removal pipeline maps it the same way.
      const feeds: Record<string, Tensor> = { pixel_values: pixels };
      const [inputName] = session.inputNames;
      if (inputName && inputName !== 'pixel_values') feeds[inputName] = pixels;
      const output = (await model(feeds)) as Record<string, Tensor>;
      const out = output[session.outputNames[0] ?? 'output_image'];
      if (!out) throw new Error(`${pack.manifest.name}: the model gave no ${session.outputNames[0]}`);
      const dims = out.dims;
      const oh = dims[dims.length - 2]!;
      const ow = dims[dims.length - 1]!;
      const probs = toProbabilities((out.data as Float32Array).subarray(0, ow * oh));
      const map = resizeMap(probs, ow, oh, image.width, image.height);
      const mask = new Uint8Array(map.length);
      for (let i = 0; i < map.length; i++) mask[i] = Math.round(Math.min(1, Math.max(0, map[i]!)) * 255);
      return mask;
    },
    async release() {
      await model.dispose();
    },
  };
}

/** A salient mask smaller than this share of the image found no subject. */
const EMPTY_BELOW = 0.005;

/**
 * How far a soft salient mask can be trusted, from the mask alone: it found something, and it is decided
 * (pixels between 0.1 and 0.9 are the model's doubt; a clean cut-out has them only in a thin band along the
 * outline). Confidence is 1 - 2 x doubtful / masked pixels; rough below ROUGH_BELOW, the GrabCut scale.
 * Not yet calibrated against IS-Net: no real BiRefNet weights could be downloaded where this was written.
 */
export function judgeSoftMask(mask: Uint8Array): MaskQuality {
  let masked = 0;
  let doubtful = 0;
  for (const v of mask) {
    if (v >= 128) masked++;
    if (v > 25 && v < 230) doubtful++;
  }
  if (masked < mask.length * EMPTY_BELOW) return { level: 'rough', confidence: 0, reasons: ['partial'] };
  const confidence = Math.max(0, Math.min(1, 1 - (2 * doubtful) / masked));
  return confidence >= ROUGH_BELOW
    ? { level: 'good', confidence, reasons: [] }
    : { level: 'rough', confidence, reasons: ['outline'] };
}
