import type { AspectRatio } from '../../../common/edit-step.js';
import { fromSharp, toSharp, type RawImage } from '../raw.js';
import type { Box, Subject } from './subject.js';

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

/** Start of a window of `size` on an axis of `limit` so [lo, hi] is inside, or (too big) its centre or its top. */
function place(lo: number, hi: number, size: number, limit: number, keepTop: boolean): number {
  let start: number;
  if (hi - lo <= size) start = (lo + hi) / 2 - size / 2;
  // A head is at the top of a tall person or giraffe: keep it, with a little headroom.
  else if (keepTop) start = lo - size * 0.03;
  else start = (lo + hi) / 2 - size / 2;
  return Math.max(0, Math.min(limit - size, Math.round(start)));
}

const fits = (box: Box, w: number, h: number) => box[2] - box[0] <= w && box[3] - box[1] <= h;

/**
 * The largest window of `aspect` in the image, placed to keep the subject: centred on it when it
 * fits (the group when that fits, else the main box), its top kept when a tall living subject does not.
 */
export function subjectCropBox(
  width: number,
  height: number,
  aspect: AspectRatio,
  subject: Subject | undefined,
): { left: number; top: number; width: number; height: number } {
  const window = centreCropBox(width, height, aspect);
  if (!subject) return window;
  const box = fits(subject.box, window.width, window.height) ? subject.box : subject.main;
  return {
    ...window,
    left: place(box[0], box[2], window.width, width, false),
    top: place(box[1], box[3], window.height, height, subject.living),
  };
}

/** Crop to an aspect ratio (around `subject` when one was detected, else centred), or to a box in 0-1000 coordinates. */
export function crop(
  image: RawImage,
  opts: { aspect?: AspectRatio; box?: [number, number, number, number] },
  subject?: Subject,
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
    region = subjectCropBox(image.width, image.height, opts.aspect, subject);
  } else {
    return Promise.resolve(image);
  }
  if (region.width === image.width && region.height === image.height) return Promise.resolve(image);
  return fromSharp(toSharp(image).extract(region), image.channels);
}
