import sharp, { type KernelEnum } from 'sharp';
import type { RawImage } from '../../engine/index.js';
import { ScanlineError } from '../../common/errors.js';

/** Qwen2-VL defaults: 28 px patches (14 px x 2x2 merge), 4 to 1280 merged patches. */
export const SMART_RESIZE_FACTOR = 28;
export const SMART_RESIZE_MIN_PIXELS = 4 * 28 * 28;
export const SMART_RESIZE_MAX_PIXELS = 1280 * 28 * 28;
/** Qwen2-VL refuses stretches past this; so do we. */
export const MAX_ASPECT_RATIO = 200;

export interface SmartResizeOptions {
  factor?: number;
  minPixels?: number;
  maxPixels?: number;
  /** File name for the error message when the aspect ratio is refused. */
  name?: string;
}

export interface Size {
  width: number;
  height: number;
}

/** Python's round(): halves go to the even neighbour, so our sizes match Qwen's processor. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff === 0.5) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(value);
}

const roundBy = (value: number, factor: number): number => roundHalfEven(value / factor) * factor;
const floorBy = (value: number, factor: number): number => Math.floor(value / factor) * factor;
const ceilBy = (value: number, factor: number): number => Math.ceil(value / factor) * factor;

/**
 * Both sides a multiple of `factor`, the area inside [minPixels, maxPixels],
 * and the aspect ratio kept as closely as the grid allows (Qwen2-VL smart_resize).
 */
export function smartResize(width: number, height: number, options: SmartResizeOptions = {}): Size {
  const factor = options.factor ?? SMART_RESIZE_FACTOR;
  const minPixels = options.minPixels ?? SMART_RESIZE_MIN_PIXELS;
  const maxPixels = options.maxPixels ?? SMART_RESIZE_MAX_PIXELS;
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new RangeError(`smartResize: width and height must be positive, got ${width}x${height}`);
  }
  if (!(factor >= 1 && Number.isInteger(factor)) || !(maxPixels >= factor * factor) || minPixels > maxPixels) {
    throw new RangeError(`smartResize: bad budget factor=${factor} min=${minPixels} max=${maxPixels}`);
  }
  const ratio = Math.max(width, height) / Math.min(width, height);
  if (ratio > MAX_ASPECT_RATIO) {
    throw new ScanlineError('image_unsupported', {
      name: options.name ?? 'image',
      detail: `its aspect ratio ${Math.round(ratio)}:1 is beyond ${MAX_ASPECT_RATIO}:1`,
    });
  }

  let h = Math.max(factor, roundBy(height, factor));
  let w = Math.max(factor, roundBy(width, factor));
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, floorBy(height / beta, factor));
    w = Math.max(factor, floorBy(width / beta, factor));
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = ceilBy(height * beta, factor);
    w = ceilBy(width * beta, factor);
  }
  return { width: w, height: h };
}

export interface ResizeRawOptions {
  /** Qwen's processor uses bicubic; lanczos3 is sharper for previews. */
  kernel?: keyof KernelEnum;
}

/** Resizes raw pixels to exactly width x height (callers keep the aspect via smartResize). */
export async function resizeRaw(
  image: RawImage,
  width: number,
  height: number,
  options: ResizeRawOptions = {},
): Promise<RawImage> {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`resizeRaw: size must be positive integers, got ${width}x${height}`);
  }
  if (width === image.width && height === image.height) {
    return { data: image.data, width, height, channels: image.channels };
  }
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(width, height, { fit: 'fill', kernel: options.kernel ?? 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== image.channels)
    throw new Error(`resizeRaw: channels changed ${image.channels} -> ${info.channels}`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: image.channels,
  };
}
