// Box means of float planes by running sums: O(1) per pixel whatever the radius.

/** Mean over a (2r+1) x (2r+1) window, edges clamped; returns a new plane. */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const r = Math.max(0, Math.floor(radius));
  if (r === 0) return src.slice();
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  const win = 2 * r + 1;
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    let sum = 0;
    for (let k = -r; k <= r; k += 1) sum += src[row + Math.min(width - 1, Math.max(0, k))]!;
    for (let x = 0; x < width; x += 1) {
      tmp[row + x] = sum / win;
      sum += src[row + Math.min(width - 1, x + r + 1)]! - src[row + Math.max(0, x - r)]!;
    }
  }
  // Vertical pass a row at a time, so memory is read in order.
  const acc = new Float64Array(width);
  for (let k = -r; k <= r; k += 1) {
    const row = Math.min(height - 1, Math.max(0, k)) * width;
    for (let x = 0; x < width; x += 1) acc[x]! += tmp[row + x]!;
  }
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    const add = Math.min(height - 1, y + r + 1) * width;
    const sub = Math.max(0, y - r) * width;
    for (let x = 0; x < width; x += 1) {
      out[row + x] = acc[x]! / win;
      acc[x]! += tmp[add + x]! - tmp[sub + x]!;
    }
  }
  return out;
}
