// Binary mask operations on plain arrays (1 = selected), for keeping an object's
// mask on the object: square erosion/dilation by counting through an integral
// image (O(pixels) whatever the radius), and the connected pieces touching a seed.

/** Sums of `bin` over every rectangle, as a (w+1)*(h+1) integral image. */
function integral(bin: Uint8Array, width: number, height: number): Int32Array {
  const w1 = width + 1;
  const sum = new Int32Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += bin[y * width + x]!;
      sum[(y + 1) * w1 + x + 1] = sum[y * w1 + x + 1]! + row;
    }
  }
  return sum;
}

function windowCount(
  sum: Int32Array,
  width: number,
  height: number,
  x: number,
  y: number,
  r: number,
): [count: number, area: number] {
  const w1 = width + 1;
  const x1 = Math.max(0, x - r);
  const y1 = Math.max(0, y - r);
  const x2 = Math.min(width, x + r + 1);
  const y2 = Math.min(height, y + r + 1);
  const count = sum[y2 * w1 + x2]! - sum[y1 * w1 + x2]! - sum[y2 * w1 + x1]! + sum[y1 * w1 + x1]!;
  return [count, (x2 - x1) * (y2 - y1)];
}

/** Pixels whose whole (2r+1)² square is selected (the image's border counts as selected). */
export function erode(bin: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return bin.slice();
  const sum = integral(bin, width, height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!bin[y * width + x]) continue;
      const [count, area] = windowCount(sum, width, height, x, y, r);
      if (count === area) out[y * width + x] = 1;
    }
  }
  return out;
}

/** Pixels with any selected pixel in their (2r+1)² square. */
export function dilate(bin: Uint8Array, width: number, height: number, r: number): Uint8Array {
  if (r <= 0) return bin.slice();
  const sum = integral(bin, width, height);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (windowCount(sum, width, height, x, y, r)[0] > 0) out[y * width + x] = 1;
    }
  }
  return out;
}

/** The 4-connected pieces of `bin` that contain at least one pixel where `seed` is set. */
export function piecesTouching(bin: Uint8Array, seed: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const stack: number[] = [];
  for (let i = 0; i < bin.length; i++) {
    if (seed[i] && bin[i] && !out[i]) {
      out[i] = 1;
      stack.push(i);
    }
  }
  const visit = (n: number) => {
    if (bin[n] && !out[n]) {
      out[n] = 1;
      stack.push(n);
    }
  };
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % width;
    if (x > 0) visit(i - 1);
    if (x < width - 1) visit(i + 1);
    if (i >= width) visit(i - width);
    if (i + width < bin.length) visit(i + width);
  }
  return out;
}
