import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../engine/types.js';
import { ScanlineError } from '../../common/errors.js';
import { encodeFinal, encodePreview, withExtension } from './encode.js';
import { pseudoRandomBytes } from './fixtures/synthetic-images.js';
import { sniffImageType } from './sniff.js';

function noiseImage(width: number, height: number, channels: 3 | 4 = 3): RawImage {
  return { data: pseudoRandomBytes(width * height * channels, 21), width, height, channels };
}

function solidImage(width: number, height: number, rgba: [number, number, number, number]): RawImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { data, width, height, channels: 4 };
}

describe('encodePreview', () => {
  it('makes a small JPEG with the long side capped and the aspect kept', async () => {
    const preview = await encodePreview(noiseImage(1200, 600), { mime: 'image/jpeg', name: 'job-1.png' });
    expect(preview).toMatchObject({ mime: 'image/jpeg', width: 512, height: 256, name: 'job-1.jpg' });
    expect(sniffImageType(preview.data)).toBe('jpeg');
    const meta = await sharp(preview.data).metadata();
    expect([meta.width, meta.height]).toEqual([512, 256]);
  });

  it('never enlarges and honours maxSide', async () => {
    const small = await encodePreview(noiseImage(100, 80), { mime: 'image/webp' });
    expect(small).toMatchObject({ mime: 'image/webp', width: 100, height: 80, name: 'preview.webp' });
    expect(sniffImageType(small.data)).toBe('webp');
    const capped = await encodePreview(noiseImage(300, 900), { mime: 'image/webp', maxSide: 90 });
    expect([capped.width, capped.height]).toEqual([30, 90]);
  });

  it('keeps transparency in WebP and flattens it on white in JPEG', async () => {
    const clear = solidImage(16, 16, [0, 0, 0, 0]);
    const webp = await encodePreview(clear, { mime: 'image/webp' });
    expect((await sharp(webp.data).metadata()).hasAlpha).toBe(true);
    const jpeg = await encodePreview(clear, { mime: 'image/jpeg' });
    const { data } = await sharp(jpeg.data).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data.subarray(0, 3))).toBeGreaterThan(245);
  });
});

describe('encodeFinal', () => {
  it('is a lossless PNG when it fits', async () => {
    const image = noiseImage(64, 48);
    const final = await encodeFinal(image, { maxBytes: 10 * 1024 * 1024, name: 'result.webp' });
    expect(final).toMatchObject({ mime: 'image/png', width: 64, height: 48, name: 'result.png' });
    const { data } = await sharp(final.data).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.from(data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('falls back to a JPEG under the byte limit, full size while quality is enough', async () => {
    const image = noiseImage(400, 300); // noise: the PNG is ~360 KB
    const limit = 250 * 1024;
    const final = await encodeFinal(image, { maxBytes: limit, name: 'out.png' });
    expect(final).toMatchObject({ mime: 'image/jpeg', width: 400, height: 300, name: 'out.jpg' });
    expect(final.data.byteLength).toBeLessThanOrEqual(limit);
    expect(sniffImageType(final.data)).toBe('jpeg');
  });

  it('shrinks the JPEG, keeping the aspect ratio, when quality alone is not enough', async () => {
    const limit = 40 * 1024;
    const final = await encodeFinal(noiseImage(600, 300), { maxBytes: limit, name: 'wide.png' });
    expect(final.mime).toBe('image/jpeg');
    expect(final.data.byteLength).toBeLessThanOrEqual(limit);
    expect(final.width).toBeLessThan(600);
    expect(Math.abs(final.width / final.height - 2)).toBeLessThan(0.05);
    const meta = await sharp(final.data).metadata();
    expect([meta.width, meta.height]).toEqual([final.width, final.height]);
  });

  it('gives up with file_too_large when even a tiny JPEG does not fit', async () => {
    const error = await encodeFinal(noiseImage(200, 200), { maxBytes: 100, name: 'x.png' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ScanlineError);
    expect((error as ScanlineError).code).toBe('file_too_large');
  });
});

describe('withExtension', () => {
  it('replaces or adds the extension', () => {
    expect(withExtension('cat.photo.jpeg', 'png')).toBe('cat.photo.png');
    expect(withExtension('result', 'jpg')).toBe('result.jpg');
    expect(withExtension('.png', 'jpg')).toBe('image.jpg');
  });
});
