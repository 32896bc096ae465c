// The ESRGAN upscaler with the real weights of @upscalerjs/esrgan-slim and
// -medium on the tfjs wasm backend, on small crops of a committed photo.
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { testPhoto } from '../../../test/helpers/engine/test-photo.js';
import { MAX_OUTPUT_SIDE } from '../edit/steps/resize.js';
import { createPackRegistry } from '../pack-registry.js';
import type { InstalledPack, PackLookup } from '../task-runner.js';
import type { RawImage } from '../types.js';
import { ESRGAN_NPM_PACKS } from './esrgan-packs.js';
import { modelScaleFor, preferredPack, upscale, type UpscaleOptions } from './upscale.js';

const packs = createPackRegistry({ modelsDirs: [], npmPacks: ESRGAN_NPM_PACKS }, () => undefined);
const noPacks: PackLookup = { find: () => undefined, findAll: () => [], list: () => [] };
const running = { throwIfAborted: () => undefined };

let photo: RawImage;
beforeAll(async () => {
  const cat = await loadPhoto('chelsea-cat.jpg');
  // 48x40 around the cat's eye: fur, an edge and a highlight.
  const { data } = await sharp(cat.data, { raw: { width: cat.width, height: cat.height, channels: 3 } })
    .extract({ left: 150, top: 60, width: 48, height: 40 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  photo = { data: new Uint8Array(data), width: 48, height: 40, channels: 3 };
});

const run = (image: RawImage, factor: number, opts: Partial<UpscaleOptions> = {}) =>
  upscale(image, factor, { packs, ...running, ...opts });

/** Mean absolute difference per byte. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('ESRGAN upscaling', () => {
  it('makes 96x80 from 48x40 with each model at x2, and 192x160 at x4', async () => {
    for (const pack of ['esrgan-slim', 'esrgan-medium'] as const) {
      const two = await run(photo, 2, { pack });
      expect([two.image.width, two.image.height, two.image.channels]).toEqual([96, 80, 3]);
      expect(two.note).toEqual({ width: 96, height: 80, method: 'esrgan', pack, modelScale: 2, resampled: false });
      const four = await run(photo, 4, { pack });
      expect([four.image.width, four.image.height]).toEqual([192, 160]);
      expect(four.note).toMatchObject({ method: 'esrgan', modelScale: 4, resampled: false });
      // The model draws the picture it was given: close to Lanczos of the same input, not equal.
      const lanczos = await sharp(photo.data, { raw: { width: 48, height: 40, channels: 3 } })
        .resize(96, 80, { kernel: 'lanczos3' })
        .raw()
        .toBuffer();
      const diff = meanDiff(two.image.data, new Uint8Array(lanczos));
      expect(diff).toBeGreaterThan(0.5);
      expect(diff).toBeLessThan(12);
    }
  });

  it('tiles with the receptive margin: the seams match the whole-image result', async () => {
    for (const pack of ['esrgan-slim', 'esrgan-medium'] as const) {
      const whole = await run(photo, 2, { pack, tileSide: 1024 });
      let tiles = 0;
      const tiled = await run(photo, 2, { pack, tileSide: 16, onTile: (_, total) => (tiles = total) });
      expect(tiles).toBe(9);
      let worst = 0;
      for (let i = 0; i < whole.image.data.length; i += 1) {
        worst = Math.max(worst, Math.abs(whole.image.data[i]! - tiled.image.data[i]!));
      }
      expect(worst).toBeLessThanOrEqual(1);
    }
  });

  it('checks for cancel before every tile and reports each finished one', async () => {
    const reported: [number, number][] = [];
    let checks = 0;
    const cancelled = new DOMException('cancelled', 'AbortError');
    const result = run(photo, 2, {
      pack: 'esrgan-slim',
      tileSide: 16,
      onTile: (done, total) => reported.push([done, total]),
      throwIfAborted: () => {
        checks += 1;
        if (checks === 3) throw cancelled;
      },
    });
    await expect(result).rejects.toBe(cancelled);
    expect(reported).toEqual([
      [1, 9],
      [2, 9],
    ]);
  });

  it('shows the picture growing tile by tile: done tiles bright, the rest dimmed, the last one the result', async () => {
    const previews: RawImage[] = [];
    const out = await run(photo, 2, {
      pack: 'esrgan-slim',
      tileSide: 16,
      previewSide: 64,
      onTile: (_, __, preview) => previews.push({ ...preview!, data: preview!.data.slice() }),
    });
    expect(previews).toHaveLength(9);
    expect(previews.every((p) => p.width === 64 && p.height === 53)).toBe(true);
    const shrunk = await sharp(out.image.data, { raw: { width: 96, height: 80, channels: 3 } })
      .resize(64, 53, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    expect(meanDiff(previews[8]!.data, new Uint8Array(shrunk))).toBeLessThan(2);
    // After the first tile, its corner is as bright as the result and the far corner still dimmed.
    const at = (p: RawImage, x: number, y: number) => p.data[(y * p.width + x) * 3]!;
    expect(Math.abs(at(previews[0]!, 5, 5) - at(previews[8]!, 5, 5))).toBeLessThanOrEqual(3);
    expect(at(previews[0]!, 60, 50)).toBeLessThan(at(previews[8]!, 60, 50) * 0.6);
  });

  it('uses the x3 model for 3x, and x2 then Lanczos for 1.5x (said in the note)', async () => {
    const three = await run(photo, 3, { pack: 'esrgan-slim' });
    expect(three.note).toMatchObject({ width: 144, height: 120, method: 'esrgan', modelScale: 3, resampled: false });
    const half = await run(photo, 1.5, { pack: 'esrgan-slim' });
    expect([half.image.width, half.image.height]).toEqual([72, 60]);
    expect(half.note).toMatchObject({ method: 'esrgan', modelScale: 2, resampled: true });
    expect([modelScaleFor(2), modelScaleFor(2.5), modelScaleFor(4), modelScaleFor(6)]).toEqual([2, 3, 4, 4]);
  });

  it('keeps the alpha channel', async () => {
    const rgba = testPhoto(40, 32, 4);
    const out = await run(rgba, 2, { pack: 'esrgan-slim' });
    expect([out.image.width, out.image.height, out.image.channels]).toEqual([80, 64, 4]);
    // The test photo's left tenth is transparent.
    expect(out.image.data[3]).toBe(0);
    expect(out.image.data[(80 * 64 - 1) * 4 + 3]).toBe(255);
  });

  it('picks medium for small inputs and slim for large ones', () => {
    expect(preferredPack(48 * 40)).toBe('esrgan-medium');
    expect(preferredPack(512 * 512)).toBe('esrgan-slim');
    expect(preferredPack(2000 * 1500)).toBe('esrgan-slim');
  });

  it('falls back to Lanczos, and says why, when the model cannot load', async () => {
    // The slim pack with its x2 model file replaced by a damaged one.
    const real = packs.find('edit', 'esrgan-rdn')!;
    const broken: InstalledPack = {
      ...real,
      manifest: { ...real.manifest, name: 'esrgan-broken' },
      file: (role) => (role === 'x2' ? '/nonexistent/esrgan/model.json' : real.file(role)),
    };
    const onlyBroken: PackLookup = { find: () => broken, findAll: () => [broken], list: () => [broken] };
    const failed = await run(photo, 2, { packs: onlyBroken });
    expect([failed.image.width, failed.image.height]).toEqual([96, 80]);
    expect(failed.note).toEqual({ width: 96, height: 80, method: 'lanczos', reason: 'model_failed' });

    const missing = await run(photo, 2, { packs: noPacks });
    expect(missing.note).toMatchObject({ method: 'lanczos', reason: 'no_model' });
  });

  it('stays within the output limits: capped, and Lanczos when the model output would pass them', async () => {
    const wide = testPhoto(2100, 8);
    const out = await run(wide, 4);
    expect(out.image.width).toBe(MAX_OUTPUT_SIDE);
    expect(out.note).toMatchObject({ method: 'lanczos', reason: 'over_limit', capped: true, width: MAX_OUTPUT_SIDE });
  });
});
