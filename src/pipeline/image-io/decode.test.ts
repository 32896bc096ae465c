import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../../engine/types.js';
import { ScanlineError } from '../../common/errors.js';
import { decodeImage, isOpaque, type DecodedImage } from './decode.js';
import { noise, pngHeaderClaiming, pseudoRandomBytes, solid } from './fixtures/synthetic-images.js';

const OPTS = { name: 'in.png', maxPixels: 4_000_000 };

async function refusal(bytes: Uint8Array, maxPixels = OPTS.maxPixels): Promise<ScanlineError> {
  const error = await decodeImage(bytes, { name: 'in.png', maxPixels }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScanlineError);
  return error as ScanlineError;
}

function pixel(image: DecodedImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * image.channels;
  return Array.from(image.data.subarray(at, at + image.channels));
}

function near(actual: number[], expected: number[], tolerance: number): boolean {
  return expected.every((value, i) => Math.abs((actual[i] ?? -999) - value) <= tolerance);
}

describe('decodeImage', () => {
  it('decodes an RGB PNG exactly, and the result is an engine RawImage', async () => {
    const source = pseudoRandomBytes(5 * 4 * 3, 11);
    const png = await sharp(source, { raw: { width: 5, height: 4, channels: 3 } })
      .png()
      .toBuffer();
    const image = await decodeImage(png, OPTS);
    const raw: RawImage = image; // structural compatibility with the engine contract
    expect(raw.channels).toBe(3);
    expect(image).toMatchObject({ width: 5, height: 4, hasAlpha: false, format: 'png' });
    expect(Array.from(image.data)).toEqual(Array.from(source));
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await solid(32, 16, '#d02020').toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const image = await decodeImage(cmyk, OPTS);
    expect(image).toMatchObject({ width: 32, height: 16, channels: 3, format: 'jpeg' });
    expect(near(pixel(image, 10, 8), [0xd0, 0x20, 0x20], 40)).toBe(true);
  });

  it('reduces a 16-bit PNG to 8 bits', async () => {
    const png16 = await solid(8, 8, { r: 0, g: 128, b: 255 }).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const image = await decodeImage(png16, OPTS);
    expect(image.data.length).toBe(8 * 8 * 3);
    expect(near(pixel(image, 3, 3), [0, 128, 255], 1)).toBe(true);
  });

  it('expands a palette PNG to RGB', async () => {
    const palette = await solid(8, 8, '#00ff00').png({ palette: true }).toBuffer();
    expect((await sharp(palette).metadata()).isPalette).toBe(true);
    const image = await decodeImage(palette, OPTS);
    expect(image.channels).toBe(3);
    expect(pixel(image, 7, 7)).toEqual([0, 255, 0]);
  });

  it('expands greyscale to RGB', async () => {
    const grey = await sharp(new Uint8Array([0, 100, 200, 255]), { raw: { width: 2, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    const image = await decodeImage(grey, OPTS);
    expect(image.channels).toBe(3);
    expect(pixel(image, 1, 0)).toEqual([100, 100, 100]);
  });

  it('keeps alpha when a pixel is transparent', async () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 128, 9, 9, 9, 255]);
    const png = await sharp(rgba, { raw: { width: 2, height: 2, channels: 4 } })
      .png()
      .toBuffer();
    const image = await decodeImage(png, OPTS);
    expect(image).toMatchObject({ channels: 4, hasAlpha: true });
    expect(Array.from(image.data)).toEqual(Array.from(rgba));
  });

  it('checks opacity across chunks and stops at the first see-through pixel', async () => {
    const pixels = (1 << 20) * 2 + 5; // three chunks
    const rgba = new Uint8Array(pixels * 4).fill(255);
    expect(await isOpaque(rgba)).toBe(true);
    rgba[(pixels - 1) * 4 + 3] = 254; // the very last pixel
    expect(await isOpaque(rgba)).toBe(false);
    expect(await isOpaque(new Uint8Array(0))).toBe(true);
  });

  it('drops an alpha channel that is opaque everywhere', async () => {
    const png = await solid(6, 6, { r: 10, g: 20, b: 30, alpha: 1 }, 4).png().toBuffer();
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    const image = await decodeImage(png, OPTS);
    expect(image).toMatchObject({ channels: 3, hasAlpha: false });
    expect(image.data.length).toBe(6 * 6 * 3);
    expect(pixel(image, 5, 5)).toEqual([10, 20, 30]);
  });

  it('takes the first frame of an animated GIF and WebP', async () => {
    const red = await solid(8, 6, '#ff0000').png().toBuffer();
    const blue = await solid(8, 6, '#0000ff').png().toBuffer();
    for (const format of ['gif', 'webp'] as const) {
      const joined = sharp([red, blue], { join: { animated: true } });
      const animated = await (format === 'gif' ? joined.gif() : joined.webp()).toBuffer();
      expect((await sharp(animated).metadata()).pages).toBe(2);
      const image = await decodeImage(animated, OPTS);
      expect(image).toMatchObject({ width: 8, height: 6, channels: 3, format });
      expect(near(pixel(image, 4, 3), [255, 0, 0], 8)).toBe(true);
    }
  });

  it('applies EXIF orientation 6 (rotate 90 clockwise)', async () => {
    // 40x20 stored: left half red, right half blue; shown upright it is 20x40, red on top.
    const stored = await solid(20, 20, '#ff0000')
      .extend({ right: 20, background: '#0000ff' })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(stored).metadata()).orientation).toBe(6);
    const image = await decodeImage(stored, OPTS);
    expect([image.width, image.height]).toEqual([20, 40]);
    expect(near(pixel(image, 10, 5), [255, 0, 0], 30)).toBe(true);
    expect(near(pixel(image, 10, 35), [0, 0, 255], 30)).toBe(true);
  });

  it('refuses truncated PNG and JPEG as corrupt instead of returning grey rows', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const whole = await noise(200, 120)[format]().toBuffer();
      const error = await refusal(whole.subarray(0, Math.floor(whole.length * 0.6)));
      expect(error.code).toBe('image_corrupt');
    }
  });

  it('refuses zero bytes, random bytes, SVG and BMP with their own codes', async () => {
    expect((await refusal(new Uint8Array(0))).code).toBe('image_empty');
    expect((await refusal(pseudoRandomBytes(2048, 5))).code).toBe('image_unsupported');
    const svg = new TextEncoder().encode(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
    );
    expect((await refusal(svg)).code).toBe('image_svg');
    const bmp = new Uint8Array(58);
    bmp.set([0x42, 0x4d]);
    bmp[14] = 40;
    const error = await refusal(bmp);
    expect(error.code).toBe('image_unsupported');
    expect(error.params.detail).toBe('BMP');
  });

  it('refuses a PNG that claims 30000x30000 from its header alone', async () => {
    const bomb = pngHeaderClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(1000);
    const error = await refusal(bomb, 40_000_000);
    expect(error.code).toBe('image_too_large');
    expect(error.params).toMatchObject({ width: 30_000, height: 30_000, limit: 40 });
  });

  it('checks the budget per frame, not per animation', async () => {
    const frame = await solid(100, 100, '#123456').png().toBuffer();
    const gif = await sharp([frame, frame, frame], { join: { animated: true } })
      .gif()
      .toBuffer();
    await expect(decodeImage(gif, { name: 'a.gif', maxPixels: 10_000 })).resolves.toMatchObject({
      width: 100,
      height: 100,
    });
    expect((await refusal(gif, 9_999)).code).toBe('image_too_large');
  });

  it('decodes TIFF, WebP and AVIF', async () => {
    const source = solid(12, 10, '#8040c0');
    for (const [format, bytes] of [
      ['tiff', await source.clone().tiff().toBuffer()],
      ['webp', await source.clone().webp({ lossless: true }).toBuffer()],
      ['avif', await source.clone().avif({ effort: 0, quality: 90 }).toBuffer()],
    ] as const) {
      const image = await decodeImage(bytes, OPTS);
      expect(image).toMatchObject({ width: 12, height: 10, channels: 3, format });
      expect(near(pixel(image, 6, 5), [0x80, 0x40, 0xc0], 12)).toBe(true);
    }
  });
});
