// The model's relative depth -> pictures: normalised to 0-1 (near = 1, as
// Depth Anything predicts inverse depth), scaled to the image, as grey and as
// a colour map (dark purple far -> yellow near).

/** Min-max normalisation; a flat map becomes all zeros. */
export function normaliseDepth(values: ArrayLike<number>): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Float32Array(values.length);
  const range = max - min;
  if (!(range > 0)) return out;
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] ?? 0) - min) / range;
  return out;
}

/** Bilinear resize of a one-channel float map. */
export function resizeMap(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      out[y * dw + x] =
        ((src[y0 * sw + x0] ?? 0) * (1 - wx) + (src[y0 * sw + x1] ?? 0) * wx) * (1 - wy) +
        ((src[y1 * sw + x0] ?? 0) * (1 - wx) + (src[y1 * sw + x1] ?? 0) * wx) * wy;
    }
  }
  return out;
}

// Anchor colours of the map, evenly spaced from far (0) to near (1).
const ANCHORS: readonly [number, number, number][] = [
  [13, 8, 135],
  [84, 2, 163],
  [139, 10, 165],
  [185, 50, 137],
  [219, 92, 104],
  [244, 136, 73],
  [254, 188, 43],
  [240, 249, 33],
];

/** One colour of the map for t in 0-1. */
export function depthColor(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (ANCHORS.length - 1);
  const i = Math.min(ANCHORS.length - 2, Math.floor(x));
  const f = x - i;
  const a = ANCHORS[i]!;
  const b = ANCHORS[i + 1]!;
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/** RGB colour map and RGB grey (R=G=B) pictures of a 0-1 map. */
export function depthPictures(map: Float32Array): { color: Uint8Array; gray: Uint8Array } {
  const color = new Uint8Array(map.length * 3);
  const gray = new Uint8Array(map.length * 3);
  const lut = Array.from({ length: 256 }, (_, i) => depthColor(i / 255));
  for (let i = 0; i < map.length; i++) {
    const v = Math.round(Math.min(1, Math.max(0, map[i] ?? 0)) * 255);
    color.set(lut[v]!, i * 3);
    gray[i * 3] = v;
    gray[i * 3 + 1] = v;
    gray[i * 3 + 2] = v;
  }
  return { color, gray };
}
