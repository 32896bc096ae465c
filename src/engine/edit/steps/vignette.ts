import { mapRgb, type RawImage } from '../raw.js';

/**
 * Darkens toward the corners: each pixel is scaled by 1 - strength * t²,
 * where t runs from 0 inside an ellipse of half the image's width and height
 * (centred) to 1 at the corners. The falloff follows the image's own aspect,
 * so it looks the same at any size. Alpha stays as it was.
 */
export function vignette(image: RawImage, strength = 0.45): Promise<RawImage> {
  const s = Math.max(0, Math.min(1, strength));
  return mapRgb(image, (rgb, width, height) => {
    const out = new Uint8Array(rgb.length);
    const cx = (width - 1) / 2;
    const cy = (height - 1) / 2;
    const inner = 0.5; // the centre area (in normalised radius) that stays untouched
    for (let y = 0; y < height; y += 1) {
      const dy = cy > 0 ? (y - cy) / cy : 0;
      for (let x = 0; x < width; x += 1) {
        const dx = cx > 0 ? (x - cx) / cx : 0;
        // Normalised radius: 1 at the middle of each edge, √2 at the corners.
        const r = Math.sqrt(dx * dx + dy * dy);
        const t = Math.max(0, Math.min(1, (r - inner) / (Math.SQRT2 - inner)));
        const k = 1 - s * t * t;
        const j = (y * width + x) * 3;
        out[j] = Math.round(rgb[j]! * k);
        out[j + 1] = Math.round(rgb[j + 1]! * k);
        out[j + 2] = Math.round(rgb[j + 2]! * k);
      }
    }
    return out;
  });
}
