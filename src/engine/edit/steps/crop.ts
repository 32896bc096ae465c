import type { AspectRatio } from '../../../common/edit-step.js';
import { fromSharp, toSharp, type RawImage } from '../raw.js';

/** The largest centred rectangle of the given aspect ratio inside the image. */
export function centreCropBox(
  width: number,
  height: number,
  aspect: AspectRatio,
): { left: number; top: number; width: number; height: number } {
  const target = aspect.w / aspect.h;
  let w = width;
  let h = Math.round(width / target);
  if (h > height) {
    h = height;
    w = Math.round(height * target);
  }
  w = Math.max(1, Math.min(width, w));
  h = Math.max(1, Math.min(height, h));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h };
}

/** Centre crop to an aspect ratio, or crop to a box in 0-1000 coordinates. */
export function crop(
  image: RawImage,
  opts: { aspect?: AspectRatio; box?: [number, number, number, number] },
): Promise<RawImage> {
  let region: { left: number; top: number; width: number; height: number };
  if (opts.box) {
    const [x1, y1, x2, y2] = opts.box.map((v) => Math.max(0, Math.min(1000, v)) / 1000) as [
      number,
      number,
      number,
      number,
    ];
    const left = Math.floor(Math.min(x1, x2) * image.width);
    const top = Math.floor(Math.min(y1, y2) * image.height);
    region = {
      left,
      top,
      width: Math.max(1, Math.min(image.width - left, Math.round(Math.abs(x2 - x1) * image.width))),
      height: Math.max(1, Math.min(image.height - top, Math.round(Math.abs(y2 - y1) * image.height))),
    };
  } else if (opts.aspect) {
    region = centreCropBox(image.width, image.height, opts.aspect);
  } else {
    return Promise.resolve(image);
  }
  if (region.width === image.width && region.height === image.height) return Promise.resolve(image);
  return fromSharp(toSharp(image).extract(region), image.channels);
}
