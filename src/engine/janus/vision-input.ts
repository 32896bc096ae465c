// The understanding image as transformers.js' VLMImageProcessor prepares it
// (the reference consumer of these exports): drop alpha, scale the long side
// to the vision size (bilinear), rescale and normalise, then centre on a
// square padded with the background colour, planar RGB.
import sharp from 'sharp';
import type { RawImage } from '../types.js';
import type { JanusConfig } from './janus-config.js';

/**
 * Side lengths after scaling the long side to `size`, with transformers.js' arithmetic
 * (short side to `size`, then long side to `size`, two decimals, floored); at least `minSize`.
 */
export function scaledSize(width: number, height: number, size: number, minSize: number): [number, number] {
  const short = Math.max(size / width, size / height);
  const long = Math.min(size / (width * short), size / (height * short));
  const side = (n: number): number => Math.max(minSize, Math.floor(Number((n * short * long).toFixed(2))));
  return [side(width), side(height)];
}

async function resized(image: RawImage, w: number, h: number): Promise<RawImage> {
  const rgb = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (image.width === w && image.height === h) return { ...rgb.info, data: rgb.data, channels: 3 };
  // An affine scale with the bilinear interpolator is how transformers.js resizes under Node.
  const out = await sharp(rgb.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .affine([w / image.width, 0, 0, h / image.height], { interpolator: 'bilinear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height, channels: 3 };
}

/** [3, size, size] float32 pixels, ready for `pixel_values` [1, 1, 3, size, size]. */
export async function visionInput(image: RawImage, vision: JanusConfig['vision']): Promise<Float32Array> {
  const { size, background } = vision;
  const [w, h] = scaledSize(image.width, image.height, size, vision.minSize);
  const scaled = await resized(image, w, h);
  const left = Math.floor((size - scaled.width) / 2);
  const top = Math.floor((size - scaled.height) / 2);
  const area = size * size;
  const out = new Float32Array(3 * area);
  // transformers.js pads after normalising, with the background only rescaled (DeepSeek's processor pads first).
  for (let c = 0; c < 3; c++) out.fill(background[c]! * vision.rescale, c * area, (c + 1) * area);
  for (let y = 0; y < scaled.height; y++) {
    for (let x = 0; x < scaled.width; x++) {
      const src = (y * scaled.width + x) * 3;
      const dst = (top + y) * size + left + x;
      for (let c = 0; c < 3; c++) out[c * area + dst] = transform(scaled.data[src + c]!, c, vision);
    }
  }
  return out;
}

function transform(value: number, channel: number, vision: JanusConfig['vision']): number {
  // Rounded to float32 between the steps, as transformers.js' Float32Array holds them: the same bits.
  const v = Math.fround(value * vision.rescale);
  return vision.normalize ? (v - vision.mean[channel]!) / vision.std[channel]! : v;
}
