import { blurPlane, lumaPlane, mapRgb, sizeScale, type RawImage } from '../raw.js';

/** Pencil sketch: grey image colour-dodged with its blurred negative, so only edges leave graphite. */
export function pencilSketch(image: RawImage): Promise<RawImage> {
  const { width, height } = image;
  return mapRgb(image, async (rgb) => {
    const n = width * height;
    const gray = lumaPlane(rgb, n);
    const inverse = new Uint8Array(n);
    for (let i = 0; i < n; i += 1) inverse[i] = 255 - gray[i]!;
    const blurred = await blurPlane(inverse, width, height, Math.max(1.5, 9 * sizeScale(width, height)));
    const out = new Uint8Array(n * 3);
    for (let i = 0, j = 0; i < n; i += 1, j += 3) {
      const dodge = Math.min(255, (gray[i]! * 255) / (256 - blurred[i]!));
      // A slight gamma deepens the strokes the way soft graphite does.
      const v = Math.round(255 * Math.pow(dodge / 255, 1.6));
      out[j] = v;
      out[j + 1] = v;
      out[j + 2] = v;
    }
    return out;
  });
}
