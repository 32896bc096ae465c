// VLMImageProcessor's preprocessing for image understanding: scale the long
// side to the vision size, pad to a square with the background colour,
// rescale and normalise, planar RGB.
import sharp from 'sharp';
import type { RawImage } from '../types.js';
import type { JanusConfig } from './janus-config.js';

/** Side lengths after scaling the long side to `size` (the short side at least `minSize`). */
export function scaledSize(width: number, height: number, size: number, minSize: number): [number, number] {
  const scale = size / Math.max(width, height);
  const w = Math.min(size, Math.max(minSize, Math.round(width * scale)));
  const h = Math.min(size, Math.max(minSize, Math.round(height * scale)));
  return [w, h];
}

/** [3, size, size] float32 pixels, ready for `pixel_values` [1, 1, 3, size, size]. */
export async function visionInput(image: RawImage, vision: JanusConfig['vision']): Promise<Float32Array> {
  const { size, background } = vision;
  const [w, h] = scaledSize(image.width, image.height, size, vision.minSize);
  const bg = { r: background[0], g: background[1], b: background[2] };
  const resized = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .flatten({ background: bg })
    .resize(w, h, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const left = Math.floor((size - w) / 2);
  const top = Math.floor((size - h) / 2);
  const area = size * size;
  const out = new Float32Array(3 * area);
  for (let c = 0; c < 3; c++) {
    const fill = transform(background[c]!, c, vision);
    out.fill(fill, c * area, (c + 1) * area);
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (y * w + x) * 3;
      const dst = (top + y) * size + left + x;
      for (let c = 0; c < 3; c++) out[c * area + dst] = transform(resized[src + c]!, c, vision);
    }
  }
  return out;
}

function transform(value: number, channel: number, vision: JanusConfig['vision']): number {
  const v = value * vision.rescale;
  return vision.normalize ? (v - vision.mean[channel]!) / vision.std[channel]! : v;
}
