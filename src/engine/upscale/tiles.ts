// Tiles for a convolutional upscaler: each tile's core is written to the output,
// and the model also sees `margin` input pixels of context on every side that the
// image has. With a margin at least the model's receptive radius, a tile's core
// comes out as it would from the whole image at once, so no seam can show.

export interface Tile {
  /** The core, in input pixels: what this tile writes. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The core plus context (clipped to the image): what the model reads. */
  inX: number;
  inY: number;
  inWidth: number;
  inHeight: number;
}

/** Covers a width x height image with cores of at most `size` pixels (rows top to bottom). */
export function planTiles(width: number, height: number, size: number, margin: number): Tile[] {
  if (!(size >= 1) || !(margin >= 0)) throw new Error(`bad tile size ${size} or margin ${margin}`);
  const cuts = (length: number): [number, number][] => {
    // Even cores: n tiles of nearly the same size, none a sliver.
    const n = Math.ceil(length / size);
    return Array.from({ length: n }, (_, i) => {
      const start = Math.round((i * length) / n);
      return [start, Math.round(((i + 1) * length) / n) - start];
    });
  };
  const tiles: Tile[] = [];
  for (const [y, h] of cuts(height)) {
    for (const [x, w] of cuts(width)) {
      const inX = Math.max(0, x - margin);
      const inY = Math.max(0, y - margin);
      tiles.push({
        x,
        y,
        width: w,
        height: h,
        inX,
        inY,
        inWidth: Math.min(width, x + w + margin) - inX,
        inHeight: Math.min(height, y + h + margin) - inY,
      });
    }
  }
  return tiles;
}
