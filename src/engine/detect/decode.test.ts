import { describe, expect, it } from 'vitest';
import { decodeDetections, iou, nonMaxSuppression } from './decode.js';
import type { Region } from '../types.js';

const opts = { inputSize: 512, width: 1024, height: 256, minScore: 0.3 };

describe('decodeDetections', () => {
  it('scales stretched input boxes back to the image, clips them and maps class indexes to COCO names', () => {
    const rows = [
      [-10, 0, 256, 512, 0.9, 16], // dog, partly outside on the left
      [100, 100, 200, 200, 0.2, 1], // bicycle under the floor
      [0, 0, 10, 10, 0.8, Number.NaN], // no class
      [50, 50, 50.2, 60, 0.8, 0], // no width once scaled
      [256, 128, 512, 384, 0.5, 3],
    ].flat();
    const regions = decodeDetections(rows, opts);
    expect(regions).toEqual([
      { label: 'dog', score: 0.9, box: [0, 0, 512, 256] },
      { label: 'motorcycle', score: 0.5, box: [512, 64, 1024, 192] },
    ]);
  });
});

describe('nonMaxSuppression', () => {
  const r = (label: string, score: number, box: Region['box']): Region => ({ label, score, box });

  it('keeps the best of overlapping same-class boxes and both of a rider on a motorcycle', () => {
    const kept = nonMaxSuppression([
      r('person', 0.7, [100, 0, 200, 200]),
      r('person', 0.6, [105, 5, 205, 205]),
      r('motorcycle', 0.8, [60, 80, 260, 260]),
    ]);
    expect(kept.map((k) => `${k.label}:${k.score}`)).toEqual(['motorcycle:0.8', 'person:0.7']);
  });

  it('drops a second label for the same box', () => {
    const kept = nonMaxSuppression([r('dog', 0.48, [0, 0, 100, 100]), r('cat', 0.22, [1, 1, 100, 100])]);
    expect(kept.map((k) => k.label)).toEqual(['dog']);
  });

  it('computes IoU', () => {
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3);
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
  });
});
