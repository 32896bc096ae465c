import { fromSharp, toSharp, type RawImage } from '../raw.js';

/**
 * The subject (mask 0-255, one value per pixel of `subject`) over another photo: the result has the
 * subject image's size and framing, the backdrop scaled to cover it (centred, aspect kept).
 */
export async function backgroundFrom(subject: RawImage, mask: Uint8Array, backdrop: RawImage): Promise<RawImage> {
  const { width, height, channels } = subject;
  const n = width * height;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, image has ${n} pixels`);
  const bg = await fromSharp(
    toSharp(backdrop).resize(width, height, { fit: 'cover', position: 'centre', kernel: 'lanczos3' }),
    3,
  );
  const src = subject.data;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0, k = 0; i < n; i += 1, j += channels, k += 3) {
    const a = (mask[i]! / 255) * (channels === 4 ? src[j + 3]! / 255 : 1);
    out[k] = Math.round(bg.data[k]! + (src[j]! - bg.data[k]!) * a);
    out[k + 1] = Math.round(bg.data[k + 1]! + (src[j + 1]! - bg.data[k + 1]!) * a);
    out[k + 2] = Math.round(bg.data[k + 2]! + (src[j + 2]! - bg.data[k + 2]!) * a);
  }
  return { data: out, width, height, channels: 3 };
}
