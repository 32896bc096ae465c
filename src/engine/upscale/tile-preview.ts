// The picture of a tiled upscale as it is made: the input at preview size,
// dimmed, with each finished tile's output shrunk into its place, so the reply
// shows the super-resolved picture growing tile by tile (scanline previews).
import sharp from 'sharp';
import type { RawImage } from '../types.js';

/** How bright the part still to do is shown. */
const DIM = 0.45;

export class TilePreview {
  private constructor(
    /** RGB, at most the preview side on its long side; changed in place by `paste`. */
    readonly image: RawImage,
    /** Preview pixels per output pixel. */
    private readonly k: number,
  ) {}

  /** The preview of an output `scale` times the RGB input, before any tile is done. */
  static async start(rgb: Uint8Array, width: number, height: number, scale: number, side: number) {
    const k = Math.min(1, side / (Math.max(width, height) * scale));
    const w = Math.max(1, Math.round(width * scale * k));
    const h = Math.max(1, Math.round(height * scale * k));
    const data = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    const image: RawImage = { data: new Uint8Array(data.length), width: w, height: h, channels: 3 };
    for (let i = 0; i < data.length; i += 1) image.data[i] = Math.round(data[i]! * DIM);
    return new TilePreview(image, k);
  }

  /**
   * Puts a finished tile in: `core` is its box in output pixels, at (`dx`, `dy`)
   * inside the model's `tileWidth` x `tileHeight` RGB output.
   */
  async paste(
    tile: Uint8Array,
    tileWidth: number,
    tileHeight: number,
    core: { x: number; y: number; width: number; height: number; dx: number; dy: number },
  ): Promise<void> {
    // Neighbours round their shared edge alike: no gap, no overlap.
    const x0 = Math.round(core.x * this.k);
    const y0 = Math.round(core.y * this.k);
    const w = Math.round((core.x + core.width) * this.k) - x0;
    const h = Math.round((core.y + core.height) * this.k) - y0;
    if (w <= 0 || h <= 0) return;
    const small = await sharp(tile, { raw: { width: tileWidth, height: tileHeight, channels: 3 } })
      .extract({ left: core.dx, top: core.dy, width: core.width, height: core.height })
      .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    const { data, width } = this.image;
    for (let y = 0; y < h; y += 1) data.set(small.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * width + x0) * 3);
  }
}
