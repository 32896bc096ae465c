import sharp from 'sharp';
import { fromSharp, toSharp, type RawImage } from '../raw.js';

/** Cells across the long side: chunky enough to read as pixel art at any size. */
const CELLS_ON_LONG_SIDE = 96;
/** sharp writes palettes at 1, 2, 4 or 8 bits: 16 colours is the 4-bit palette (EGA, PICO-8). */
const PALETTE_COLOURS = 16;

/** Pixel art: area-averaged downscale, a small palette (libimagequant, no dithering), nearest-neighbour back up. */
export async function pixelArt(image: RawImage): Promise<RawImage> {
  const long = Math.max(image.width, image.height);
  const block = Math.max(2, Math.round(long / CELLS_ON_LONG_SIDE));
  const w = Math.max(1, Math.round(image.width / block));
  const h = Math.max(1, Math.round(image.height / block));
  const indexed = await toSharp(image)
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
    .png({ palette: true, colours: PALETTE_COLOURS, dither: 0, effort: 10 })
    .toBuffer();
  return fromSharp(
    sharp(indexed).resize(image.width, image.height, { fit: 'fill', kernel: 'nearest' }),
    image.channels,
  );
}
