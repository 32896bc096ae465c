// The boxes in a Qwen-VL answer, for each generation's format: Qwen2-VL writes special tokens
// around "(x1,y1),(x2,y2)" on a 0-1000 grid; Qwen2.5-VL writes JSON `bbox_2d` in pixels of the
// image it saw; Qwen3-VL writes the same JSON on the 0-1000 grid.

export type QwenBoxFormat = 'qwen2-vl' | 'qwen2.5-vl' | 'qwen3-vl';

export interface QwenBox {
  /** The phrase the model attached to the box; '' when it gave none. */
  label: string;
  /** x1, y1, x2, y2 in pixels, inside the image, x1 < x2 and y1 < y2. */
  box: [number, number, number, number];
}

type Quad = [number, number, number, number];

const NUMBER = String.raw`\s*(-?\d+(?:\.\d+)?)\s*`;
const PAIR = String.raw`\(${NUMBER},${NUMBER}\)`;
/** "(123,456),(789,901)": the corners inside a Qwen2-VL box. */
const CORNERS = new RegExp(String.raw`${PAIR}\s*,\s*${PAIR}`);
/** A ref or a box, in the order the model wrote them. */
const QWEN2_TOKENS = /<\|object_ref_start\|>([\s\S]*?)<\|object_ref_end\|>|<\|box_start\|>([\s\S]*?)<\|box_end\|>/g;
/** Between a ref and its boxes (and between the boxes of one ref) only spaces and commas. */
const JOINER = /^[\s,，]*$/;

/** Qwen2-VL: `<|object_ref_start|>the dog<|object_ref_end|><|box_start|>(x1,y1),(x2,y2)<|box_end|>`. */
function qwen2Boxes(text: string): { label: string; quad: Quad }[] {
  const out: { label: string; quad: Quad }[] = [];
  let label = '';
  let end = 0;
  for (const m of text.matchAll(QWEN2_TOKENS)) {
    const between = text.slice(end, m.index);
    end = m.index + m[0].length;
    if (m[1] !== undefined) {
      label = m[1].trim();
      continue;
    }
    // Text between a box and the last ref means this box belongs to no phrase.
    if (!JOINER.test(between)) label = '';
    const corners = CORNERS.exec(m[2] ?? '');
    if (corners) out.push({ label, quad: corners.slice(1, 5).map(Number) as Quad });
  }
  if (out.length > 0 || text.includes('<|box_start|>')) return out;
  // Decoded with special tokens skipped, only the corners are left: boxes without labels.
  for (const m of text.matchAll(new RegExp(CORNERS.source, 'g'))) {
    out.push({ label: '', quad: m.slice(1, 5).map(Number) as Quad });
  }
  return out;
}

function quadOf(value: unknown): Quad | undefined {
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const nums = value.map((v) => (typeof v === 'string' ? Number(v) : v));
  return nums.every((v): v is number => typeof v === 'number' && Number.isFinite(v)) ? (nums as Quad) : undefined;
}

function jsonBox(value: unknown): { label: string; quad: Quad } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const quad = quadOf(record['bbox_2d']);
  if (!quad) return undefined;
  const label = record['label'];
  return { label: typeof label === 'string' ? label.trim() : '', quad };
}

/** The JSON the model wrote: the body of a ```json fence when there is one, else from the first bracket. */
function jsonCandidate(text: string): string {
  const fence = /```(?:json)?\s*([\s\S]*?)(?:```|$)/.exec(text);
  const body = fence ? (fence[1] ?? '') : text;
  const start = body.search(/[[{]/);
  return start < 0 ? '' : body.slice(start);
}

/** One `{...}` object holding a bbox_2d, not nested (the shape every Qwen-VL writes). */
const BOX_OBJECT = /\{[^{}]*"bbox_2d"[^{}]*\}/g;

/** Qwen2.5-VL / Qwen3-VL: `[{"bbox_2d": [x1, y1, x2, y2], "label": "dog"}]`, or a single object. */
function jsonBoxes(text: string): { label: string; quad: Quad }[] {
  const candidate = jsonCandidate(text);
  if (!candidate) return [];
  let whole: unknown;
  try {
    whole = JSON.parse(candidate);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const items = Array.isArray(whole) ? whole : [whole];
    return items.map(jsonBox).filter((b) => b !== undefined);
  }
  // Broken JSON (cut off, trailing comma, text after it): keep each complete object that parses alone,
  // so a half-written last box is dropped rather than guessed.
  const out: { label: string; quad: Quad }[] = [];
  for (const m of candidate.matchAll(BOX_OBJECT)) {
    try {
      const box = jsonBox(JSON.parse(m[0].replace(/,\s*}$/, '}')));
      if (box) out.push(box);
    } catch {
      // An object we cannot read is skipped; the others still count.
    }
  }
  return out;
}

/**
 * The boxes in a Qwen-VL answer, in pixels of a `width` x `height` image, clamped to it, corners
 * ordered, empty boxes dropped. For `qwen2.5-vl` the model's coordinates are pixels of the image as
 * it saw it (after its resize): pass that size, and scale to the original if it differs.
 */
export function parseQwenBoxes(
  text: string,
  opts: { format: 'qwen2-vl' | 'qwen2.5-vl' | 'qwen3-vl'; width: number; height: number },
): { label: string; box: [number, number, number, number] }[] {
  const { format, width, height } = opts;
  const found = format === 'qwen2-vl' ? qwen2Boxes(text) : jsonBoxes(text);
  // Qwen2-VL and Qwen3-VL put every axis on 0-1000; Qwen2.5-VL writes pixels.
  const sx = format === 'qwen2.5-vl' ? 1 : width / 1000;
  const sy = format === 'qwen2.5-vl' ? 1 : height / 1000;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const out: QwenBox[] = [];
  for (const { label, quad } of found) {
    const [ax, ay, bx, by] = quad;
    const x1 = clamp(Math.min(ax, bx) * sx, width);
    const x2 = clamp(Math.max(ax, bx) * sx, width);
    const y1 = clamp(Math.min(ay, by) * sy, height);
    const y2 = clamp(Math.max(ay, by) * sy, height);
    if (x2 > x1 && y2 > y1) out.push({ label, box: [x1, y1, x2, y2] });
  }
  return out;
}
