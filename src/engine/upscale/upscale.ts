// Enlarging an image by a factor with a super-resolution model: ESRGAN at the
// model scale that covers the factor (x2, x3, x4), tiled so memory stays bounded,
// then Lanczos to the exact size when the factor is not a model scale. Lanczos
// alone only when no model can run, and the note says why.
import sharp from 'sharp';
import type { UpscaleNote } from '../../common/edit-step.js';
import { fromSharp, joinAlpha, splitAlpha, toSharp } from '../edit/raw.js';
import { MAX_OUTPUT_PIXELS, MAX_OUTPUT_SIDE, sizeForLongSide } from '../edit/steps/resize.js';
import type { InstalledPack, PackLookup } from '../task-runner.js';
import type { RawImage } from '../types.js';
import { loadEsrgan, runEsrgan, type Esrgan } from './esrgan.js';
import { ESRGAN_ARCHITECTURE, ESRGAN_SCALES, type EsrganPack, type EsrganScale } from './esrgan-packs.js';
import { TilePreview } from './tile-preview.js';
import { planTiles } from './tiles.js';

/**
 * Input pixels up to which the medium model is used. `npm run bench upscale`:
 * medium is 0.1-0.2 dB PSNR better than slim (x2 +2.1 vs +2.0 dB over Lanczos)
 * at 2-8x the time, so it is worth it only where it takes seconds.
 */
export const MEDIUM_MAX_PIXELS = 256 * 256;
/** Tile core side in input pixels: the medium model spends less on margins than at 128 and stays under ~1 GB (bench). */
export const TILE_SIDE = 192;

export interface UpscaleOptions {
  packs: PackLookup;
  /** Throws when the job was cancelled; checked before every tile. */
  throwIfAborted(): void;
  /** After each tile: tiles done and in all, and the picture so far when `previewSide` is set (changed in place: copy it). */
  onTile?(done: number, total: number, preview?: RawImage): void;
  /** Long side of the preview `onTile` gets; none without it. */
  previewSide?: number;
  /** The model to use, when not chosen by input size (benches, tests). */
  pack?: EsrganPack;
  /** Tile core side (tests use small tiles to check the seams). */
  tileSide?: number;
}

export interface Upscaled {
  image: RawImage;
  note: UpscaleNote;
}

/** The pack the size rule prefers for an input of this many pixels. */
export function preferredPack(pixels: number): EsrganPack {
  return pixels <= MEDIUM_MAX_PIXELS ? 'esrgan-medium' : 'esrgan-slim';
}

/** The smallest model scale at or above the factor (x4 for more: Lanczos does the rest). */
export function modelScaleFor(factor: number): EsrganScale {
  return ESRGAN_SCALES.find((s) => s >= factor - 1e-6) ?? ESRGAN_SCALES[ESRGAN_SCALES.length - 1]!;
}

function esrganPacks(packs: PackLookup, first: EsrganPack): InstalledPack[] {
  const all = packs.findAll('edit').filter((p) => p.manifest.architecture === ESRGAN_ARCHITECTURE);
  return [...all.filter((p) => p.manifest.name === first), ...all.filter((p) => p.manifest.name !== first)];
}

const withinLimits = (width: number, height: number) =>
  width <= MAX_OUTPUT_SIDE && height <= MAX_OUTPUT_SIDE && width * height <= MAX_OUTPUT_PIXELS;

/** Enlarges `image` by `factor` (> 1), keeping the aspect ratio, within the output limits. */
export async function upscale(image: RawImage, factor: number, opts: UpscaleOptions): Promise<Upscaled> {
  const long = Math.max(image.width, image.height);
  const target = sizeForLongSide(image.width, image.height, long * factor);
  const asked = { width: Math.round(image.width * factor), height: Math.round(image.height * factor) };
  const capped = target.width < asked.width || target.height < asked.height;
  const size = { ...target, ...(capped ? { capped: true } : {}) };
  const lanczos = async (reason: 'no_model' | 'model_failed' | 'over_limit'): Promise<Upscaled> => ({
    image: await resample(image, target.width, target.height),
    note: { ...size, method: 'lanczos', reason },
  });

  const reached = Math.max(target.width, target.height) / long;
  const scale = modelScaleFor(reached);
  if (reached <= 1 || !withinLimits(image.width * scale, image.height * scale)) return lanczos('over_limit');
  const candidates = esrganPacks(opts.packs, opts.pack ?? preferredPack(image.width * image.height));
  if (candidates.length === 0) return lanczos('no_model');

  let net: Esrgan | undefined;
  for (const pack of candidates) {
    // A pack that fails to load (damaged files, out of memory) gives way to the other size.
    net = await loadEsrgan(pack, scale).catch(() => undefined);
    if (net) break;
  }
  if (!net) return lanczos('model_failed');
  const big = await superResolve(image, net, opts);
  if (!big) return lanczos('model_failed');
  const resampled = big.width !== target.width || big.height !== target.height;
  return {
    image: resampled ? await resample(big, target.width, target.height) : big,
    note: { ...size, method: 'esrgan', pack: net.pack, modelScale: scale, resampled },
  };
}

/** The model's output for the whole image, tile by tile; undefined when the model failed on a tile. */
async function superResolve(image: RawImage, net: Esrgan, opts: UpscaleOptions): Promise<RawImage | undefined> {
  const { width, height } = image;
  const s = net.scale;
  const split = splitAlpha(image);
  const out = new Uint8Array(width * s * height * s * 3);
  const outWidth = width * s;
  const tiles = planTiles(width, height, opts.tileSide ?? TILE_SIDE, net.radius);
  const preview =
    opts.previewSide !== undefined ? await TilePreview.start(split.rgb, width, height, s, opts.previewSide) : undefined;
  for (const [n, tile] of tiles.entries()) {
    opts.throwIfAborted();
    const input = new Float32Array(tile.inWidth * tile.inHeight * 3);
    for (let y = 0; y < tile.inHeight; y += 1) {
      const from = ((tile.inY + y) * width + tile.inX) * 3;
      input.set(split.rgb.subarray(from, from + tile.inWidth * 3), y * tile.inWidth * 3);
    }
    let rgb: Uint8Array;
    try {
      rgb = await runEsrgan(net, input, tile.inWidth, tile.inHeight);
    } catch {
      return undefined;
    }
    // The tile's core, out of the model's output of core + context.
    const tileWidth = tile.inWidth * s;
    const dx = (tile.x - tile.inX) * s;
    const dy = (tile.y - tile.inY) * s;
    for (let y = 0; y < tile.height * s; y += 1) {
      const from = ((dy + y) * tileWidth + dx) * 3;
      out.set(rgb.subarray(from, from + tile.width * s * 3), ((tile.y * s + y) * outWidth + tile.x * s) * 3);
    }
    const core = { x: tile.x * s, y: tile.y * s, width: tile.width * s, height: tile.height * s, dx, dy };
    await preview?.paste(rgb, tileWidth, tile.inHeight * s, core);
    opts.onTile?.(n + 1, tiles.length, preview?.image);
  }
  const alpha = split.alpha && (await resamplePlane(split.alpha, width, height, width * s, height * s));
  return joinAlpha(out, alpha, width * s, height * s);
}

/** Lanczos to exactly width x height. */
function resample(image: RawImage, width: number, height: number): Promise<RawImage> {
  if (image.width === width && image.height === height) return Promise.resolve(image);
  return fromSharp(toSharp(image).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }), image.channels);
}

/** An alpha plane is not a picture the model knows: Lanczos to the model's size. */
async function resamplePlane(plane: Uint8Array, w: number, h: number, width: number, height: number) {
  const { data } = await sharp(plane, { raw: { width: w, height: h, channels: 1 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
