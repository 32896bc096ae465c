import { smoothEdgePreserving } from '../edge-preserving.js';
import { atWorkingSize, blurPlane, lumaPlane, WORKING_SIDE, type RawImage } from '../raw.js';

const LEVELS = 6;

/**
 * Cartoon: edge-preserving smoothing, shading flattened into a few luminance bands
 * (hue and saturation kept), and dark lines where a difference of Gaussians finds edges.
 */
export function cartoon(image: RawImage): Promise<RawImage> {
  return atWorkingSize(image, WORKING_SIDE, async (rgb, width, height, ws) => {
    const n = width * height;
    const smooth = await smoothEdgePreserving(rgb, width, height, {
      sigmaSpace: 20 * ws,
      sigmaRange: 0.2,
      iterations: 3,
    });
    const gray = lumaPlane(smooth, n);
    const sigma = Math.max(0.8, 1.2 * ws);
    const [near, far] = await Promise.all([
      blurPlane(gray, width, height, sigma),
      blurPlane(gray, width, height, sigma * 1.6),
    ]);
    const step = 255 / (LEVELS - 1);
    const threshold = 2.2;
    const out = new Uint8Array(n * 3);
    for (let i = 0, j = 0; i < n; i += 1, j += 3) {
      const y = gray[i]! + 0.5;
      const band = Math.min(255, Math.round(y / step) * step + step * 0.25);
      const k = band / y;
      const dog = far[i]! - near[i]!;
      const line = Math.min(1, Math.max(0, (dog - threshold) / threshold));
      const ink = 1 - 0.88 * line;
      out[j] = Math.min(255, smooth[j]! * k * ink);
      out[j + 1] = Math.min(255, smooth[j + 1]! * k * ink);
      out[j + 2] = Math.min(255, smooth[j + 2]! * k * ink);
    }
    return out;
  });
}
