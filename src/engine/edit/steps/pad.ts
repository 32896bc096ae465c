import type { AspectRatio } from '../../../common/edit-step.js';
import { parseColor } from '../../../common/colors.js';
import { fromSharp, sizeScale, toSharp, type RawImage } from '../raw.js';

/** Canvas size for an aspect ratio that contains the whole image. */
export function padSize(width: number, height: number, aspect: AspectRatio): { width: number; height: number } {
  const target = aspect.w / aspect.h;
  if (width / height < target) return { width: Math.round(height * target), height };
  return { width, height: Math.round(width / target) };
}

/**
 * Changes the aspect ratio without losing any of the picture: the image is centred on a
 * larger canvas filled with a blurred, enlarged copy of itself (`fill: 'blur'`) or a colour.
 */
export async function pad(image: RawImage, aspect: AspectRatio, fill: string): Promise<RawImage> {
  const size = padSize(image.width, image.height, aspect);
  if (size.width === image.width && size.height === image.height) return image;
  const left = Math.floor((size.width - image.width) / 2);
  const top = Math.floor((size.height - image.height) / 2);
  if (fill !== 'blur') {
    const c = parseColor(fill) ?? { r: 255, g: 255, b: 255 };
    return fromSharp(
      toSharp(image).extend({
        top,
        left,
        bottom: size.height - image.height - top,
        right: size.width - image.width - left,
        background: { ...c, alpha: 1 },
      }),
      image.channels,
    );
  }
  // Blur at an eighth of the size then enlarge: the look of a huge blur, far cheaper.
  const small = await fromSharp(
    toSharp(image)
      .resize(Math.max(8, Math.round(size.width / 8)), Math.max(8, Math.round(size.height / 8)), { fit: 'cover' })
      .blur(Math.max(1, 3 * Math.min(1, sizeScale(size.width, size.height))))
      // Dimmed so the picture stands out from its fill (sharp would apply this after compositing below).
      .linear(0.85, 0),
    image.channels,
  );
  return fromSharp(
    toSharp(small)
      .resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' })
      .composite([
        {
          input: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
          raw: { width: image.width, height: image.height, channels: image.channels },
          left,
          top,
        },
      ]),
    image.channels,
  );
}
