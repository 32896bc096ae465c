// Depth Anything V2 input, as its DPTImageProcessor prepares it: resize keeping
// the aspect ratio by the scale closest to 1 toward 518x518, each side a
// multiple of 14, then x/255 and ImageNet mean/std, NCHW RGB.
import type { RawImage } from '../types.js';

export interface DepthPreprocessConfig {
  height: number;
  width: number;
  multiple: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Our cap on the long side: extreme aspect ratios would otherwise grow the input without bound. */
  maxLongSide: number;
}

export const DEPTH_DEFAULTS: DepthPreprocessConfig = {
  height: 518,
  width: 518,
  multiple: 14,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  maxLongSide: 1036,
};

function triple(v: unknown): [number, number, number] | undefined {
  return Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number')
    ? [v[0] as number, v[1] as number, v[2] as number]
    : undefined;
}

/** Reads the pack's preprocessor_config.json (plain JSON), keeping defaults for what it lacks. */
export function depthConfigFrom(json: unknown): DepthPreprocessConfig {
  if (typeof json !== 'object' || json === null) return DEPTH_DEFAULTS;
  const j = json as Record<string, unknown>;
  const size = (typeof j['size'] === 'object' && j['size'] !== null ? j['size'] : {}) as Record<string, unknown>;
  const num = (v: unknown, d: number): number => (typeof v === 'number' && v > 0 ? v : d);
  return {
    height: num(size['height'], DEPTH_DEFAULTS.height),
    width: num(size['width'], DEPTH_DEFAULTS.width),
    multiple: num(j['ensure_multiple_of'], DEPTH_DEFAULTS.multiple),
    mean: triple(j['image_mean']) ?? DEPTH_DEFAULTS.mean,
    std: triple(j['image_std']) ?? DEPTH_DEFAULTS.std,
    maxLongSide: DEPTH_DEFAULTS.maxLongSide,
  };
}

/** Round half to even, as the reference processor rounds. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Model input size for an image (DPT keep_aspect_ratio + ensure_multiple_of, then our long-side cap). */
export function depthInputSize(width: number, height: number, cfg: DepthPreprocessConfig): { w: number; h: number } {
  let sh = cfg.height / height;
  let sw = cfg.width / width;
  // Scale as little as possible.
  if (Math.abs(1 - sw) < Math.abs(1 - sh)) sh = sw;
  else sw = sh;
  const cap = cfg.maxLongSide / Math.max(width * sw, height * sh);
  if (cap < 1) {
    sw *= cap;
    sh *= cap;
  }
  const m = cfg.multiple;
  return {
    w: Math.max(m, roundHalfEven((width * sw) / m) * m),
    h: Math.max(m, roundHalfEven((height * sh) / m) * m),
  };
}

/** Bilinear resize + normalisation into a [1,3,h,w] float buffer. */
export function depthInput(image: RawImage, w: number, h: number, cfg: DepthPreprocessConfig): Float32Array {
  const { width, height, channels, data } = image;
  const plane = w * h;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(height - 1, Math.max(0, ((y + 0.5) * height) / h - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(width - 1, Math.max(0, ((x + 0.5) * width) / w - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const top =
          (data[(y0 * width + x0) * channels + c] ?? 0) * (1 - wx) + (data[(y0 * width + x1) * channels + c] ?? 0) * wx;
        const bottom =
          (data[(y1 * width + x0) * channels + c] ?? 0) * (1 - wx) + (data[(y1 * width + x1) * channels + c] ?? 0) * wx;
        const v = (top * (1 - wy) + bottom * wy) / 255;
        out[c * plane + y * w + x] = (v - cfg.mean[c]!) / cfg.std[c]!;
      }
    }
  }
  return out;
}
