// Plane geometry for text boxes: convex hull, minimum-area rotated rectangle,
// corner ordering and the DB "unclip" of a rectangle.

export type Point = [number, number];
/** Four corners, clockwise from top-left (y grows downwards). */
export type Quad = [Point, Point, Point, Point];

export interface RotatedRect {
  /** Corners in rotation order (not yet top-left first). */
  corners: Quad;
  /** Side lengths along the two rectangle axes. */
  width: number;
  height: number;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in math axes, no collinear points. */
export function convexHull(points: Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle of a point set: one side of the optimum lies
 * on a hull edge (rotating calipers), so every hull edge direction is tried.
 */
export function minAreaRect(points: Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) throw new RangeError('minAreaRect needs at least one point');
  if (hull.length === 1) {
    const p = hull[0]!;
    return { corners: [p, p, p, p], width: 0, height: 0 };
  }
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  const n = hull.length;
  for (let i = 0; i < n; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % n]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
      best = {
        corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)],
        width: maxU - minU,
        height: maxV - minV,
      };
    }
  }
  return best!;
}

/**
 * Orders four corners clockwise from top-left the way PaddleOCR's get_mini_boxes
 * does: the two leftmost points give top-left/bottom-left by y, the two
 * rightmost give top-right/bottom-right.
 */
export function orderCorners(corners: readonly Point[]): Quad {
  const byX = [...corners].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l0, l1, r0, r1] = byX as [Point, Point, Point, Point];
  const [tl, bl] = l0[1] <= l1[1] ? [l0, l1] : [l1, l0];
  const [tr, br] = r0[1] <= r1[1] ? [r0, r1] : [r1, r0];
  return [tl, tr, br, bl];
}

/** Area of a simple polygon (shoelace), always positive. */
export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/**
 * DB unclip of a rectangle: offset outwards by d = area * ratio / perimeter.
 * For a rectangle the min-area box of the round-joined offset polygon is the
 * rectangle grown by d on every side, so it is computed in closed form.
 */
export function unclipRect(rect: RotatedRect, ratio: number): RotatedRect {
  const area = rect.width * rect.height;
  const perimeter = 2 * (rect.width + rect.height);
  if (perimeter === 0) return rect;
  const d = (area * ratio) / perimeter;
  const [p0, p1, , p3] = rect.corners;
  // Unit vectors along the rectangle's two axes (p0->p1 and p0->p3).
  const len01 = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
  const len03 = Math.hypot(p3[0] - p0[0], p3[1] - p0[1]);
  const u: Point = len01 > 0 ? [(p1[0] - p0[0]) / len01, (p1[1] - p0[1]) / len01] : [1, 0];
  const v: Point = len03 > 0 ? [(p3[0] - p0[0]) / len03, (p3[1] - p0[1]) / len03] : [-u[1], u[0]];
  const cx = (rect.corners[0][0] + rect.corners[2][0]) / 2;
  const cy = (rect.corners[0][1] + rect.corners[2][1]) / 2;
  const hw = len01 / 2 + d;
  const hh = len03 / 2 + d;
  const at = (su: number, sv: number): Point => [
    cx + su * hw * u[0] + sv * hh * v[0],
    cy + su * hw * u[1] + sv * hh * v[1],
  ];
  return {
    corners: [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)],
    width: len01 + 2 * d,
    height: len03 + 2 * d,
  };
}

/**
 * Grows a quad (clockwise from top-left) outwards by `dx` along its top edge's
 * direction and `dy` along its left edge's direction, on each side.
 */
export function expandQuad(quad: Quad, dx: number, dy: number): Quad {
  const [p0, p1, p2, p3] = quad;
  const unit = (a: Point, b: Point): Point => {
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return len > 0 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [0, 0];
  };
  // Average the opposite edges so a slightly non-rectangular quad grows evenly.
  const uTop = unit(p0, p1);
  const uBottom = unit(p3, p2);
  const vLeft = unit(p0, p3);
  const vRight = unit(p1, p2);
  const u: Point = [(uTop[0] + uBottom[0]) / 2, (uTop[1] + uBottom[1]) / 2];
  const v: Point = [(vLeft[0] + vRight[0]) / 2, (vLeft[1] + vRight[1]) / 2];
  const move = (p: Point, su: number, sv: number): Point => [
    p[0] + su * dx * u[0] + sv * dy * v[0],
    p[1] + su * dx * u[1] + sv * dy * v[1],
  ];
  return [move(p0, -1, -1), move(p1, 1, -1), move(p2, 1, 1), move(p3, -1, 1)];
}
