// Cuts a text box out of the original image as an upright rectangle: a
// perspective warp of the quad with bilinear sampling and edge clamping.
import type { Point, Quad } from './geometry.js';
import type { RgbImage } from './pixels.js';

/** Output size PaddleOCR uses for a quad: the longer of each pair of opposite sides. */
export function cropSize(quad: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point): number => Math.hypot(b[0] - a[0], b[1] - a[1]);
  const [p0, p1, p2, p3] = quad;
  return {
    width: Math.max(1, Math.round(Math.max(d(p0, p1), d(p3, p2)))),
    height: Math.max(1, Math.round(Math.max(d(p0, p3), d(p1, p2)))),
  };
}

/**
 * Homography coefficients mapping the unit square (0,0),(1,0),(1,1),(0,1) to
 * the quad p0..p3 (closed form for a square-to-quad projective map).
 */
function squareToQuad(q: Quad): number[] {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  let g = 0;
  let h = 0;
  if (Math.abs(sx) > 1e-9 || Math.abs(sy) > 1e-9) {
    const den = dx1 * dy2 - dx2 * dy1;
    if (Math.abs(den) > 1e-12) {
      g = (sx * dy2 - dx2 * sy) / den;
      h = (dx1 * sy - sx * dy1) / den;
    }
  }
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h];
}

/**
 * Crops `quad` (clockwise from top-left) out of `image` into an upright RGB
 * rectangle. When the crop's short side exceeds `maxShortSide` it is sampled
 * at a smaller scale straight away: the recogniser only needs a 48 px line, so
 * a 250 px tall line from a 4000 px photo need not be copied at full size.
 */
export function cropQuad(image: RgbImage, quad: Quad, maxShortSide = Infinity): RgbImage {
  const full = cropSize(quad);
  const scale = Math.min(1, maxShortSide / Math.min(full.width, full.height));
  const width = Math.max(1, Math.round(full.width * scale));
  const height = Math.max(1, Math.round(full.height * scale));
  const [a, b, c, d, e, f, g, h] = squareToQuad(quad) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const src = image.data;
  const sw = image.width;
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  const out = new Uint8Array(width * height * 3);
  let o = 0;
  for (let v = 0; v < height; v++) {
    // Sample at pixel centres so the crop covers the quad symmetrically.
    const t = (v + 0.5) / height;
    for (let u = 0; u < width; u++, o += 3) {
      const s = (u + 0.5) / width;
      const w = g * s + h * t + 1;
      let x = (a * s + b * t + c) / w - 0.5;
      let y = (d * s + e * t + f) / w - 0.5;
      if (x < 0) x = 0;
      else if (x > maxX) x = maxX;
      if (y < 0) y = 0;
      else if (y > maxY) y = maxY;
      const xi = Math.min(x | 0, maxX - 1 < 0 ? 0 : maxX - 1);
      const yi = Math.min(y | 0, maxY - 1 < 0 ? 0 : maxY - 1);
      const fx = x - xi;
      const fy = y - yi;
      const x2 = xi < maxX ? xi + 1 : xi;
      const y2 = yi < maxY ? yi + 1 : yi;
      const i00 = (yi * sw + xi) * 3;
      const i01 = (yi * sw + x2) * 3;
      const i10 = (y2 * sw + xi) * 3;
      const i11 = (y2 * sw + x2) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = src[i00 + ch]! + (src[i01 + ch]! - src[i00 + ch]!) * fx;
        const bot = src[i10 + ch]! + (src[i11 + ch]! - src[i10 + ch]!) * fx;
        out[o + ch] = top + (bot - top) * fy + 0.5;
      }
    }
  }
  return { data: out, width, height };
}

/** Quarter turn counter-clockwise (numpy rot90): tall crops of vertical text become lines. */
export function rotate90ccw(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  // Output is height wide and width tall; out(row i, col j) = in(row j, col width-1-i).
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < height; j++) {
      const s = (j * width + (width - 1 - i)) * 3;
      const d = (i * height + j) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, width: height, height: width };
}

/** Half turn, for crops the classifier says are upside down. */
export function rotate180(image: RgbImage): RgbImage {
  const { data } = image;
  const out = new Uint8Array(data.length);
  const n = data.length / 3;
  for (let i = 0; i < n; i++) {
    const s = (n - 1 - i) * 3;
    out[i * 3] = data[s]!;
    out[i * 3 + 1] = data[s + 1]!;
    out[i * 3 + 2] = data[s + 2]!;
  }
  return { data: out, width: image.width, height: image.height };
}

/** PaddleOCR turns crops at least 1.5 times taller than wide into lines. */
export function isTall(image: { width: number; height: number }): boolean {
  return image.height / image.width >= 1.5;
}
