import { smoothEdgePreserving } from '../edge-preserving.js';
import { atWorkingSize, blurPlane, lumaPlane, noiseSource, WORKING_SIDE, type RawImage } from '../raw.js';

/** A paper-like texture: soft blotches plus fine grain, centred on 0, roughly -1..1. */
async function paperTexture(width: number, height: number, ws: number): Promise<Float32Array> {
  const n = width * height;
  const rand = noiseSource(0xace);
  const raw = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) raw[i] = rand() * 255;
  const [blotch, grain] = await Promise.all([
    blurPlane(raw, width, height, Math.max(2, 6 * ws)),
    blurPlane(raw, width, height, Math.max(0.5, 0.7 * ws)),
  ]);
  const out = new Float32Array(n);
  // A wide blur of noise has a tiny spread: stretch it back to a visible range.
  for (let i = 0; i < n; i += 1) out[i] = ((blotch[i]! - 127.5) / 12) * 0.7 + ((grain[i]! - 127.5) / 60) * 0.3;
  return out;
}

/**
 * Watercolour: flat washes (edge-preserving smoothing), lighter pigment, darker
 * pigment pooled along edges, and paper texture showing through.
 */
export function watercolor(image: RawImage): Promise<RawImage> {
  return atWorkingSize(image, WORKING_SIDE, async (rgb, width, height, ws) => {
    const n = width * height;
    const wash = await smoothEdgePreserving(rgb, width, height, {
      sigmaSpace: 30 * ws,
      sigmaRange: 0.35,
      iterations: 3,
    });
    const gray = lumaPlane(wash, n);
    const soft = await blurPlane(gray, width, height, Math.max(0.8, 1.5 * ws));
    const paper = await paperTexture(width, height, ws);
    const out = new Uint8Array(n * 3);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        const j = i * 3;
        const gx = soft[i + (x < width - 1 ? 1 : 0)]! - soft[i - (x > 0 ? 1 : 0)]!;
        const gy = soft[i + (y < height - 1 ? width : 0)]! - soft[i - (y > 0 ? width : 0)]!;
        const edge = Math.min(1, Math.sqrt(gx * gx + gy * gy) / 30);
        const pigment = 0.82 * (1 + 0.35 * edge) * (1 + 0.12 * paper[i]!);
        for (let c = 0; c < 3; c += 1) {
          const v = 255 - (255 - wash[j + c]!) * pigment;
          out[j + c] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
    }
    return out;
  });
}
