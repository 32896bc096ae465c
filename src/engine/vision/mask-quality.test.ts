import { describe, expect, it } from 'vitest';
import { flat, testPhoto } from '../../../test/helpers/engine/test-photo.js';
import { judgeMask, maskFeatures, ROUGH_BELOW, type MaskFeatures } from './mask-quality.js';

/** A mask of the disc testPhoto draws (centre 0.35w, 0.4h, radius a quarter of the short side). */
function discMask(width: number, height: number, grow = 0): Uint8Array {
  const r = Math.min(width, height) * 0.25 + grow;
  return Uint8Array.from({ length: width * height }, (_, i) =>
    ((i % width) - width * 0.35) ** 2 + (Math.floor(i / width) - height * 0.4) ** 2 < r * r ? 255 : 0,
  );
}

const good: MaskFeatures = {
  area: 0.3,
  borders: 0,
  inBox: 1,
  boxFill: 0.65,
  pieces: 1,
  edgeFit: 0.97,
  boxEdge: 0.05,
  colourOverlap: 0.6,
  neighbours: 0,
};

describe('mask features', () => {
  const photo = testPhoto(200, 160);
  const r = 40;
  const box: [number, number, number, number] = [70 - r, 64 - r, 70 + r, 64 + r];

  it('a mask on the disc: inside its box, filling the inscribed circle, its outline on the disc edge, colours apart', () => {
    const f = maskFeatures(photo, discMask(200, 160), box);
    expect(f.inBox).toBeCloseTo(1, 2);
    expect(f.boxFill).toBeGreaterThan(0.7);
    expect(f.boxFill).toBeLessThan(0.82);
    expect(f.borders).toBe(0);
    expect(f.pieces).toBe(1);
    expect(f.edgeFit).toBeGreaterThan(0.9);
    expect(f.colourOverlap).toBeLessThan(0.2);
  });

  it('a mask that floods the frame touches every border and fills its box', () => {
    const f = maskFeatures(photo, new Uint8Array(200 * 160).fill(255), box);
    expect(f.borders).toBe(4);
    expect(f.boxFill).toBe(1);
    expect(f.boxEdge).toBe(1);
    expect(f.area).toBe(1);
  });

  it('an outline in a flat image follows no edge', () => {
    const f = maskFeatures(flat(200, 160, [120, 120, 120]), discMask(200, 160), box);
    expect(f.edgeFit).toBe(0);
    expect(f.colourOverlap).toBeCloseTo(1, 5);
  });

  it('an empty mask has no confidence', () => {
    expect(judgeMask(maskFeatures(photo, new Uint8Array(200 * 160), box), 'object').level).toBe('rough');
  });
});

describe('mask verdict', () => {
  it('features like the masks that matched IS-Net are good', () => {
    const q = judgeMask(good, 'object');
    expect(q).toEqual({ level: 'good', confidence: 1, reasons: [] });
  });

  it('a mask that runs along its box took background', () => {
    const q = judgeMask({ ...good, boxFill: 0.92, boxEdge: 0.4 }, 'subject');
    expect(q.level).toBe('rough');
    expect(q.confidence).toBeLessThan(ROUGH_BELOW);
    expect(q.reasons).toContain('background');
  });

  it('a mask holding little of its box may have missed part of the object', () => {
    expect(judgeMask({ ...good, boxFill: 0.3 }, 'object').reasons).toContain('partial');
  });

  it('an outline off the edges, or colours alike inside and out, is rough', () => {
    expect(judgeMask({ ...good, edgeFit: 0.7 }, 'object').reasons).toEqual(['outline']);
    expect(judgeMask({ ...good, colourOverlap: 0.9 }, 'object').level).toBe('rough');
  });

  it('an object in pieces is rough; the main subject may be', () => {
    expect(judgeMask({ ...good, pieces: 2 }, 'object').level).toBe('rough');
    expect(judgeMask({ ...good, pieces: 2 }, 'subject').level).toBe('good');
  });
});

describe('neighbours', () => {
  it('an object whose box another detected object overlaps is rough: the mask may hold some of it', () => {
    const q = judgeMask({ ...good, neighbours: 1 }, 'object');
    expect(q.level).toBe('rough');
    expect(q.reasons).toContain('background');
  });
});

describe('main-subject masks', () => {
  it('a middling fill of the central box is background taken (the porch floor), a low one a miss', () => {
    expect(judgeMask({ ...good, boxFill: 0.49 }, 'subject').reasons).toContain('background');
    expect(judgeMask({ ...good, boxFill: 0.36 }, 'subject').reasons).toContain('partial');
  });
});
