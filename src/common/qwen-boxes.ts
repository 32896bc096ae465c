// Boxes in a Qwen-VL answer, in pixels of the input image. Qwen2-VL writes
// <|object_ref_start|>label<|object_ref_end|><|box_start|>(x1,y1),(x2,y2)<|box_end|> in 0-1000 coordinates.

export interface QwenBox {
  label: string;
  box: [number, number, number, number];
}

export interface QwenBoxOptions {
  format: 'qwen2-vl' | 'qwen2.5-vl' | 'qwen3-vl';
  /** Size of the input image the boxes are mapped onto. */
  width: number;
  height: number;
}

const QWEN2_BOX =
  /(?:<\|object_ref_start\|>([^<]*)<\|object_ref_end\|>)?\s*<\|box_start\|>\s*\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*,\s*\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*<\|box_end\|>/g;

const clamp = (v: number, max: number): number => Math.min(max, Math.max(0, v));

/** Every box in `text`; a box without its own label takes the one before it (Qwen lists several after one ref). */
export function parseQwenBoxes(text: string, opts: QwenBoxOptions): QwenBox[] {
  if (opts.format !== 'qwen2-vl') throw new Error(`parseQwenBoxes: format ${opts.format} is not handled yet`);
  const boxes: QwenBox[] = [];
  let label = '';
  for (const m of text.matchAll(QWEN2_BOX)) {
    if (m[1] !== undefined) label = m[1].trim();
    const [x1, y1, x2, y2] = [m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number];
    const sx = opts.width / 1000;
    const sy = opts.height / 1000;
    boxes.push({
      label,
      box: [
        clamp(Math.min(x1, x2) * sx, opts.width),
        clamp(Math.min(y1, y2) * sy, opts.height),
        clamp(Math.max(x1, x2) * sx, opts.width),
        clamp(Math.max(y1, y2) * sy, opts.height),
      ],
    });
  }
  return boxes;
}
