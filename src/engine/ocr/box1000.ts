// Qwen-VL style coordinates: a pixel box scaled to 0-1000 of the image size.

/** [x1, y1, x2, y2] in pixels -> integers in 0..1000 of the image width and height. */
export function box1000(
  box: readonly [number, number, number, number],
  width: number,
  height: number,
): [number, number, number, number] {
  const s = (v: number, size: number): number => Math.min(1000, Math.max(0, Math.round((v / size) * 1000)));
  return [s(box[0], width), s(box[1], height), s(box[2], width), s(box[3], height)];
}
