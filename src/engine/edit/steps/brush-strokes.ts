import { boxMean } from '../box-filter.js';
import { smoothEdgePreserving } from '../edge-preserving.js';
import { atWorkingSize, noiseSource, yieldToLoop, type RawImage } from '../raw.js';

/** Strokes are big anyway; a smaller working size keeps the line integrals cheap. */
const BRUSH_SIDE = 1280;

/**
 * Direction of least change at each pixel (the tangent of the structure tensor's
 * dominant orientation): strokes follow contours instead of crossing them.
 */
function tangentField(gray: Float32Array, width: number, height: number, radius: number): [Float32Array, Float32Array] {
  const n = width * height;
  const jxx = new Float32Array(n);
  const jxy = new Float32Array(n);
  const jyy = new Float32Array(n);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = y * width + x;
      const gx = gray[y * width + Math.min(width - 1, x + 1)]! - gray[y * width + Math.max(0, x - 1)]!;
      const gy = gray[Math.min(height - 1, y + 1) * width + x]! - gray[Math.max(0, y - 1) * width + x]!;
      jxx[i] = gx * gx;
      jxy[i] = gx * gy;
      jyy[i] = gy * gy;
    }
  }
  const sxx = boxMean(jxx, width, height, radius);
  const sxy = boxMean(jxy, width, height, radius);
  const syy = boxMean(jyy, width, height, radius);
  const tx = new Float32Array(n);
  const ty = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    // Gradient orientation, then a quarter turn to run along the edge.
    const theta = 0.5 * Math.atan2(2 * sxy[i]!, sxx[i]! - syy[i]!) + Math.PI / 2;
    tx[i] = Math.cos(theta);
    ty[i] = Math.sin(theta);
  }
  return [tx, ty];
}

/**
 * Van Gogh-like brushwork: saturated, lightly flattened colour, smeared and
 * textured along streamlines of the structure tensor (line integral convolution of
 * stroke-sized noise), so short dashes curl around the shapes of the picture.
 */
export function brushStrokes(image: RawImage): Promise<RawImage> {
  return atWorkingSize(image, BRUSH_SIDE, async (rgb, width, height, ws) => {
    const n = width * height;
    const base = await smoothEdgePreserving(rgb, width, height, {
      sigmaSpace: 10 * ws,
      sigmaRange: 0.4,
      iterations: 2,
    });
    const gray = new Float32Array(n);
    for (let i = 0, j = 0; i < n; i += 1, j += 3)
      gray[i] = 0.299 * base[j]! + 0.587 * base[j + 1]! + 0.114 * base[j + 2]!;
    const [tx, ty] = tangentField(
      boxMean(gray, width, height, Math.max(1, Math.round(ws))),
      width,
      height,
      Math.max(2, Math.round(5 * ws)),
    );
    await yieldToLoop();
    // Noise in cells about a stroke wide.
    const cell = Math.max(1, Math.round(2.5 * ws));
    const cw = Math.ceil(width / cell);
    const ch = Math.ceil(height / cell);
    const rand = noiseSource(0xb10b);
    const cells = new Float32Array(cw * ch);
    for (let i = 0; i < cells.length; i += 1) cells[i] = rand();
    const steps = Math.max(4, Math.round(9 * ws));
    const tex = new Float32Array(n);
    const smear = new Float32Array(n * 3);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = y * width + x;
        let sum = cells[((y / cell) | 0) * cw + ((x / cell) | 0)]!;
        let r = base[i * 3]!;
        let g = base[i * 3 + 1]!;
        let b = base[i * 3 + 2]!;
        let count = 1;
        for (let dir = -1; dir <= 1; dir += 2) {
          let px = x + 0.5;
          let py = y + 0.5;
          let vx = tx[i]! * dir;
          let vy = ty[i]! * dir;
          for (let s = 0; s < steps; s += 1) {
            px += vx;
            py += vy;
            if (px < 0 || py < 0 || px >= width || py >= height) break;
            const k = (py | 0) * width + (px | 0);
            // Keep walking the same way along an orientation field (it has no sign).
            let nx = tx[k]!;
            let ny = ty[k]!;
            if (nx * vx + ny * vy < 0) {
              nx = -nx;
              ny = -ny;
            }
            vx = nx;
            vy = ny;
            sum += cells[((py / cell) | 0) * cw + ((px / cell) | 0)]!;
            r += base[k * 3]!;
            g += base[k * 3 + 1]!;
            b += base[k * 3 + 2]!;
            count += 1;
          }
        }
        tex[i] = sum / count;
        smear[i * 3] = r / count;
        smear[i * 3 + 1] = g / count;
        smear[i * 3 + 2] = b / count;
      }
    }
    await yieldToLoop();
    let mean = 0;
    for (let i = 0; i < n; i += 1) mean += tex[i]!;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i += 1) variance += (tex[i]! - mean) ** 2;
    const std = Math.sqrt(variance / n) || 1;
    const out = new Uint8Array(n * 3);
    for (let i = 0, j = 0; i < n; i += 1, j += 3) {
      const z = Math.max(-2.5, Math.min(2.5, (tex[i]! - mean) / std));
      const shade = 1 + 0.16 * z;
      const l = 0.299 * smear[j]! + 0.587 * smear[j + 1]! + 0.114 * smear[j + 2]!;
      for (let c = 0; c < 3; c += 1) {
        const v = (l + (smear[j + c]! - l) * 1.45 - 128) * 1.08 + 128;
        const s = v * shade;
        out[j + c] = s < 0 ? 0 : s > 255 ? 255 : s;
      }
    }
    return out;
  });
}
