import { fromSharp, toSharp, type RawImage } from '../raw.js';

/** Scale of the largest same-aspect rectangle that fits inside the frame once it is turned by `degrees`. */
export function straightenScale(width: number, height: number, degrees: number): number {
  const t = (Math.abs(degrees) % 180) * (Math.PI / 180);
  const c = Math.abs(Math.cos(t));
  const s = Math.abs(Math.sin(t));
  return Math.min(width / (width * c + height * s), height / (width * s + height * c));
}

/**
 * Clockwise rotation. Multiples of 90 degrees are lossless pixel moves. Other angles
 * straighten like a photo editor: the turned image is cropped to the largest
 * rectangle of the original aspect ratio (no empty corners) and scaled back to the
 * original size.
 */
export async function rotate(image: RawImage, degrees: number): Promise<RawImage> {
  const d = (((Math.round(degrees * 100) / 100) % 360) + 360) % 360;
  if (d === 0) return image;
  if (d % 90 === 0) return fromSharp(toSharp(image).rotate(d), image.channels);
  const turned = await fromSharp(
    toSharp(image).rotate(d, { background: { r: 0, g: 0, b: 0, alpha: 0 } }),
    image.channels,
  );
  const k = straightenScale(image.width, image.height, d);
  // One pixel in from the exact fit, so resampled edge pixels never show the fill.
  const w = Math.max(1, Math.floor(image.width * k) - 2);
  const h = Math.max(1, Math.floor(image.height * k) - 2);
  const left = Math.floor((turned.width - w) / 2);
  const top = Math.floor((turned.height - h) / 2);
  return fromSharp(
    toSharp(turned)
      .extract({ left, top, width: w, height: h })
      .resize(image.width, image.height, { fit: 'fill', kernel: 'lanczos3' }),
    image.channels,
  );
}
