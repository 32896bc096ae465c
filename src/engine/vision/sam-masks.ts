// A pulled SAM-family pack (Xenova/slimsam-77-uniform layout, revision points-and-boxes:
// `onnx/vision_encoder.onnx` and `onnx/prompt_encoder_mask_decoder.onnx`) run through transformers.js:
// SamProcessor resizes the photo to a 1024 longest side, pads it and scales the prompt box;
// SamModel runs the encoder and the decoder. The box is the prompt; of the three masks the decoder
// gives, the one with the highest predicted IoU is kept, and that prediction is the mask's confidence.
import type { InstalledPack } from '../task-runner.js';
import type { ExecutionProvider, MaskQuality, RawImage } from '../types.js';
import { toTransformersImage } from './birefnet-masks.js';
import type { Box } from './grabcut.js';
import { offlineTransformers, sessionDtypes } from './transformers-pack.js';

export const SAM_ARCHITECTURE = 'sam';
/** The catalog pack users are told to pull for named objects. */
export const SAM_PACK = 'slimsam-77';
const SAM_SESSIONS = ['vision_encoder', 'prompt_encoder_mask_decoder'];

/**
 * Predicted IoU under which a SAM mask is called rough: SAM's own quality filter for the masks it keeps
 * (`pred_iou_thresh` 0.88 in its automatic mask generator). Not yet checked against IS-Net here: no real
 * SlimSAM weights could be downloaded where this was written.
 */
export const SAM_ROUGH_BELOW = 0.88;

export interface BoxMask {
  /** Soft mask (0-255) at the image's size. */
  mask: Uint8Array;
  /** The decoder's predicted IoU of that mask (0-1). */
  predictedIou: number;
}

export interface PromptableModel {
  mask(image: RawImage, box: Box): Promise<BoxMask>;
  release(): Promise<void>;
}

type Tensor = import('@huggingface/transformers').Tensor;

/**
 * Samples one of the decoder's low-resolution mask logits (`lowW` x `lowH`, covering the padded `padW` x
 * `padH` model input, of which the photo fills `resizedW` x `resizedH`) at every photo pixel, bilinearly, and
 * returns the sigmoid as 0-255: SamImageProcessor.post_process_masks' upscale, crop and downscale in one pass.
 */
export function maskAtPhotoSize(
  logits: Float32Array,
  low: { w: number; h: number },
  pad: { w: number; h: number },
  resized: { w: number; h: number },
  photo: { width: number; height: number },
): Uint8Array {
  const { width, height } = photo;
  const out = new Uint8Array(width * height);
  const sx = (resized.w / width) * (low.w / pad.w);
  const sy = (resized.h / height) * (low.h / pad.h);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(low.h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(low.h - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(low.w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(low.w - 1, x0 + 1);
      const wx = fx - x0;
      const v =
        (logits[y0 * low.w + x0]! * (1 - wx) + logits[y0 * low.w + x1]! * wx) * (1 - wy) +
        (logits[y1 * low.w + x0]! * (1 - wx) + logits[y1 * low.w + x1]! * wx) * wy;
      out[y * width + x] = Math.round(255 / (1 + Math.exp(-v)));
    }
  }
  return out;
}

export async function loadSam(pack: InstalledPack, device: ExecutionProvider): Promise<PromptableModel> {
  const { tf, id } = await offlineTransformers(pack);
  const processor = await tf.AutoProcessor.from_pretrained(id, { local_files_only: true });
  const model = (await tf.SamModel.from_pretrained(id, {
    local_files_only: true,
    device,
    dtype: sessionDtypes(pack, SAM_SESSIONS),
  })) as InstanceType<typeof tf.SamModel>;
  const padSize = (processor.image_processor as { pad_size?: { width: number; height: number } } | undefined)
    ?.pad_size ?? { width: 1024, height: 1024 };
  // The image encoder is most of the cost: its embeddings are kept for the last photo (an edit asks for
  // several objects of one photo).
  let last: { data: Uint8Array; embeddings: Record<string, Tensor> } | undefined;

  return {
    async mask(image, box) {
      const prompt = {
        input_boxes: [[[box[0], box[1], box[2], box[3]]]],
        // One padding point (label -10, which SAM's prompt encoder ignores): the box alone is the prompt,
        // and transformers.js's SamModel needs input_points to size its labels.
        input_points: [[[[0, 0]]]],
        input_labels: [[[-10]]],
      };
      const inputs = (await processor(toTransformersImage(tf, image), prompt)) as Record<string, unknown>;
      if (last?.data !== image.data) {
        const embeddings = await model.get_image_embeddings({ pixel_values: inputs['pixel_values'] as Tensor });
        last = { data: image.data, embeddings };
      }
      const output = (await model({ ...inputs, ...last.embeddings })) as { iou_scores: Tensor; pred_masks: Tensor };
      const scores = output.iou_scores.data as Float32Array;
      let best = 0;
      for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
      const dims = output.pred_masks.dims;
      const lowH = dims[dims.length - 2]!;
      const lowW = dims[dims.length - 1]!;
      const plane = lowW * lowH;
      const logits = (output.pred_masks.data as Float32Array).subarray(best * plane, (best + 1) * plane);
      const [resizedH, resizedW] = (inputs['reshaped_input_sizes'] as number[][])[0]!;
      return {
        mask: maskAtPhotoSize(
          logits,
          { w: lowW, h: lowH },
          { w: padSize.width, h: padSize.height },
          { w: resizedW!, h: resizedH! },
          image,
        ),
        predictedIou: scores[best]!,
      };
    },
    async release() {
      last = undefined;
      await model.dispose();
    },
  };
}

/** A SAM mask's quality: its predicted IoU, rough below SAM_ROUGH_BELOW (or when it is empty). */
export function judgeSamMask(mask: Uint8Array, predictedIou: number): MaskQuality {
  const confidence = Math.max(0, Math.min(1, predictedIou));
  if (!mask.some((v) => v >= 128)) return { level: 'rough', confidence: 0, reasons: ['partial'] };
  return confidence >= SAM_ROUGH_BELOW
    ? { level: 'good', confidence, reasons: [] }
    : { level: 'rough', confidence, reasons: ['outline'] };
}
