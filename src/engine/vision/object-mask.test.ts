// Object masks with and without an IS-Net salient mask, on a synthetic scene
// whose answer is known: a red disc partly in front of a yellow square, on a
// grey background. The salient mask (standing in for IS-Net's) marks both.
import { describe, expect, it } from 'vitest';
import type { RawImage } from '../types.js';
import type { Box } from './grabcut.js';
import { loadOpenCv } from './opencv.js';
import { recolor } from '../edit/steps/recolor.js';
import { confineToObject, objectMask, otherObjects, overlapping, salientInBox } from './object-mask.js';

const cv = await loadOpenCv();
const W = 320;
const H = 240;
const discBox: Box = [60, 70, 180, 190];
const squareBox: Box = [150, 40, 280, 170];

function inDisc(x: number, y: number): boolean {
  return (x - 120) ** 2 + (y - 130) ** 2 < 60 ** 2;
}
function inSquare(x: number, y: number): boolean {
  return x >= squareBox[0] && x < squareBox[2] && y >= squareBox[1] && y < squareBox[3];
}

function scene(): { image: RawImage; salient: Uint8Array } {
  const data = new Uint8Array(W * H * 3);
  const salient = new Uint8Array(W * H);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 21) - 10;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      // The disc is in front of the square.
      const rgb = inDisc(x, y) ? [210, 40, 40] : inSquare(x, y) ? [230, 200, 40] : [128, 128, 128];
      for (let c = 0; c < 3; c++) data[i * 3 + c] = rgb[c]! + noise();
      salient[i] = inDisc(x, y) || inSquare(x, y) ? 255 : 0;
    }
  }
  return { image: { data, width: W, height: H, channels: 3 }, salient };
}

/** Share of the pixels where `where` holds that the mask selects. */
function share(mask: Uint8Array, where: (x: number, y: number) => boolean): number {
  let on = 0;
  let total = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!where(x, y)) continue;
      total++;
      if (mask[y * W + x]! >= 128) on++;
    }
  }
  return on / total;
}

describe('object masks', () => {
  it('finds which other boxes overlap the target, and drops the target seen again under another label', () => {
    expect(overlapping(discBox, [squareBox, [290, 200, 320, 240]])).toEqual([squareBox]);
    expect(otherObjects(discBox, [[62, 72, 178, 188], squareBox])).toEqual([squareBox]);
  });

  it('cuts the salient mask to the box, grown a little', () => {
    const { salient } = scene();
    const cut = salientInBox(salient, W, H, discBox);
    expect(cut[130 * W + 120]).toBe(255);
    expect(cut[60 * W + 250]).toBe(0); // the square, outside the disc's box
  });

  it('without IS-Net: GrabCut from the box', () => {
    const { image } = scene();
    const { mask, method } = objectMask(cv, image, discBox);
    expect(method).toBe('grabcut');
    expect(share(mask, inDisc)).toBeGreaterThan(0.9);
  });

  it('with IS-Net and nothing else in the box: IS-Net’s mask is the object', () => {
    const { image, salient } = scene();
    const { mask, method } = objectMask(cv, image, discBox, salient, []);
    expect(method).toBe('isnet');
    expect(share(mask, inDisc)).toBe(1);
  });

  it('with IS-Net and another object overlapping: keeps the target, not its neighbour', () => {
    const { image, salient } = scene();
    const plain = salientInBox(salient, W, H, discBox);
    const neighbour = (x: number, y: number) => inSquare(x, y) && !inDisc(x, y) && x < discBox[2] && y >= discBox[1];
    expect(share(plain, neighbour)).toBe(1); // IS-Net alone would take the square's corner too
    const { mask, method } = objectMask(cv, image, discBox, salient, [squareBox]);
    expect(method).toBe('isnet+grabcut');
    expect(share(mask, inDisc)).toBeGreaterThan(0.9);
    expect(share(mask, neighbour)).toBeLessThan(0.1);
  });

  it('falls back to GrabCut when IS-Net saw nothing in the box', () => {
    const { image } = scene();
    const { method } = objectMask(cv, image, discBox, new Uint8Array(W * H), [squareBox]);
    expect(method).toBe('grabcut');
  });
});

describe('masks stay on the object', () => {
  const box: Box = [20, 20, 220, 220];
  const disc = (x: number, y: number) => (x - 120) ** 2 + (y - 120) ** 2 < 60 ** 2;
  /** Same colour as the disc, in the box's corner, not touching it. */
  const corner = (x: number, y: number) => x >= 22 && x < 70 && y >= 22 && y < 70;
  /** Same colour again, outside the box, inside another detected object's box. */
  const otherBox: Box = [225, 60, 300, 160];
  const outside = (x: number, y: number) => x >= 230 && x < 290 && y >= 70 && y < 150;

  function fill(where: (x: number, y: number) => boolean): Uint8Array {
    const m = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (where(x, y)) m[y * W + x] = 255;
    return m;
  }

  it('keeps the pieces joined to the box core; drops a loose piece in the box and one in another object’s box', () => {
    const mask = confineToObject(
      fill((x, y) => disc(x, y) || corner(x, y) || outside(x, y)),
      W,
      H,
      box,
      [otherBox],
    );
    expect(share(mask, disc)).toBeGreaterThan(0.97);
    expect(share(mask, corner)).toBe(0);
    expect(share(mask, outside)).toBe(0);
  });

  it('a recolour of the object on a scene with same-coloured things around changes < 1% of the pixels outside it', () => {
    const data = new Uint8Array(W * H * 3);
    let seed = 11;
    const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 21) - 10;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const rgb = disc(x, y) || corner(x, y) || outside(x, y) ? [210, 40, 40] : [128, 128, 128];
        for (let c = 0; c < 3; c++) data[(y * W + x) * 3 + c] = rgb[c]! + noise();
      }
    }
    const image: RawImage = { data, width: W, height: H, channels: 3 };
    const { mask } = objectMask(cv, image, box, undefined, [otherBox]);
    const out = recolor(image, { r: 29, g: 78, b: 216 }, mask);
    let changedOutside = 0;
    let changedInside = 0;
    let inside = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const changed = [0, 1, 2].some((c) => out.data[i * 3 + c] !== data[i * 3 + c]);
        if (disc(x, y)) {
          inside++;
          if (changed) changedInside++;
        } else if (changed) changedOutside++;
      }
    }
    expect(changedOutside / (W * H)).toBeLessThan(0.01);
    expect(changedInside / inside).toBeGreaterThan(0.9);
  });
});
