import sharp, { type Sharp } from 'sharp';
import type { RawImage } from '../types.js';
import { ScanlineError } from '../../common/errors.js';
import type { EncodedFile as EncodedImage } from '../types.js';

export type PreviewMime = 'image/jpeg' | 'image/webp';

export interface PreviewOptions {
  mime: PreviewMime;
  /** Longest side of the preview; never enlarged. */
  maxSide?: number;
  /** 1-100. */
  quality?: number;
  /** File name; the extension is replaced to match the format. */
  name?: string;
}

export interface FinalOptions {
  /** The platform's upload limit for one file. */
  maxBytes: number;
  name: string;
}

export const DEFAULT_PREVIEW_SIDE = 512;
export const DEFAULT_PREVIEW_QUALITY = 70;
/** JPEG qualities tried at full size before the image is shrunk. */
const FINAL_JPEG_QUALITIES = [92, 85, 78, 70] as const;
const SHRINK_QUALITY = 78;
const MAX_SHRINK_STEPS = 12;
const MIN_SIDE = 16;
/** JPEG has no alpha: transparent pixels become white, as chat clients show them on light themes. */
const FLATTEN_BACKGROUND = { r: 255, g: 255, b: 255 };

export function withExtension(name: string, extension: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${base || 'image'}.${extension}`;
}

function rawInput(image: RawImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

async function toEncoded(pipeline: Sharp, mime: EncodedImage['mime'], name: string): Promise<EncodedImage> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    mime,
    width: info.width,
    height: info.height,
    name,
  };
}

/** A small progressive frame for message edits (JPEG or WebP, long side <= maxSide). */
export async function encodePreview(image: RawImage, options: PreviewOptions): Promise<EncodedImage> {
  const maxSide = options.maxSide ?? DEFAULT_PREVIEW_SIDE;
  const quality = options.quality ?? DEFAULT_PREVIEW_QUALITY;
  let pipeline = rawInput(image).resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true });
  if (options.mime === 'image/jpeg') {
    if (image.channels === 4) pipeline = pipeline.flatten({ background: FLATTEN_BACKGROUND });
    pipeline = pipeline.jpeg({ quality });
    return toEncoded(pipeline, 'image/jpeg', withExtension(options.name ?? 'preview', 'jpg'));
  }
  pipeline = pipeline.webp({ quality, effort: 2 });
  return toEncoded(pipeline, 'image/webp', withExtension(options.name ?? 'preview', 'webp'));
}

async function encodeJpeg(
  image: RawImage,
  quality: number,
  width: number,
  height: number,
  name: string,
): Promise<EncodedImage> {
  let pipeline = rawInput(image);
  if (width !== image.width || height !== image.height) pipeline = pipeline.resize(width, height, { fit: 'fill' });
  if (image.channels === 4) pipeline = pipeline.flatten({ background: FLATTEN_BACKGROUND });
  return toEncoded(pipeline.jpeg({ quality }), 'image/jpeg', name);
}

/**
 * The finished image: lossless PNG when it fits the upload limit, otherwise
 * JPEG, first at lower qualities and then at smaller sizes.
 */
export async function encodeFinal(image: RawImage, options: FinalOptions): Promise<EncodedImage> {
  const { maxBytes } = options;
  const png = await toEncoded(rawInput(image).png(), 'image/png', withExtension(options.name, 'png'));
  if (png.data.byteLength <= maxBytes) return png;

  const jpegName = withExtension(options.name, 'jpg');
  let last: EncodedImage | undefined;
  let lastQuality = 0;
  for (const quality of FINAL_JPEG_QUALITIES) {
    last = await encodeJpeg(image, quality, image.width, image.height, jpegName);
    lastQuality = quality;
    if (last.data.byteLength <= maxBytes) return last;
    // Far over the limit: quality steps will not get there, shrink instead.
    if (last.data.byteLength > maxBytes * 2.5) break;
  }

  let { width, height } = image;
  // Estimate the shrink from a full-size encode at the shrink quality, or we overshoot.
  let size =
    lastQuality === SHRINK_QUALITY && last
      ? last.data.byteLength
      : (await encodeJpeg(image, SHRINK_QUALITY, width, height, jpegName)).data.byteLength;
  for (let step = 0; step < MAX_SHRINK_STEPS; step += 1) {
    // Bytes scale roughly with area, so shrink each side by the square root, with a margin.
    const scale = Math.min(0.9, Math.sqrt(maxBytes / size) * 0.95);
    const nextWidth = Math.max(MIN_SIDE, Math.round(width * scale));
    const nextHeight = Math.max(MIN_SIDE, Math.round(height * scale));
    if (nextWidth === width && nextHeight === height) break;
    width = nextWidth;
    height = nextHeight;
    last = await encodeJpeg(image, SHRINK_QUALITY, width, height, jpegName);
    if (last.data.byteLength <= maxBytes) return last;
    size = last.data.byteLength;
  }
  throw new ScanlineError('file_too_large', {
    name: options.name,
    limitMb: Math.round((maxBytes / (1024 * 1024)) * 100) / 100,
  });
}
