import { describe, expect, it } from 'vitest';
import type { Region } from '../types.js';
import { confusableWith, isMaybe, MAYBE_BELOW, pickNamed, relatedStandIn } from './select.js';

const region = (label: string, score: number): Region => ({ label, score, box: [0, 0, 10, 10] });

describe('unsure detections', () => {
  it('scores below the calibrated floor are "maybe"', () => {
    expect(isMaybe(0.45)).toBe(true);
    expect(isMaybe(MAYBE_BELOW)).toBe(false);
    expect(isMaybe(0.64)).toBe(false);
  });

  it('a "maybe dog" stands in for a cat that was not found; a sure dog, or an unrelated kind, does not', () => {
    expect(relatedStandIn([region('dog', 0.45), region('car', 0.3)], ['cat'])?.label).toBe('dog');
    expect(relatedStandIn([region('dog', 0.7)], ['cat'])).toBeUndefined();
    expect(relatedStandIn([region('chair', 0.4)], ['cat'])).toBeUndefined();
  });

  it('the best-scoring related kind is chosen', () => {
    expect(relatedStandIn([region('horse', 0.32), region('dog', 0.45), region('sheep', 0.4)], ['cat'])?.label).toBe(
      'dog',
    );
  });
});

describe('named objects as the user means them', () => {
  const at = (label: string, score: number, box: Region['box']): Region => ({ label, score, box });
  const cat = { kind: 'classes' as const, labels: ['cat'] };

  it('groups only kinds the detector confuses', () => {
    expect([...confusableWith(['cat'])].sort()).toEqual(['dog', 'teddy bear']);
    expect(confusableWith(['car'])).toEqual(new Set(['truck', 'bus']));
    expect(confusableWith(['cup']).has('bowl')).toBe(true);
    expect(confusableWith(['couch']).has('chair')).toBe(true);
    expect(confusableWith(['person']).size).toBe(0);
  });

  it('a confusable kind scoring higher on the same box stands in, whatever its score', () => {
    const named = [at('cat', 0.32, [0, 0, 100, 100])];
    const all = [at('dog', 0.59, [2, 1, 100, 98]), at('chair', 0.7, [0, 0, 100, 100])];
    expect(pickNamed(named, all, cat, 200, 200)).toEqual({ region: all[0], standIn: true });
  });

  it('the named kind stays when the rival is elsewhere, scores lower, or is not confusable', () => {
    const named = [at('cat', 0.32, [0, 0, 100, 100])];
    for (const rival of [at('dog', 0.59, [120, 0, 200, 100]), at('dog', 0.3, [0, 0, 100, 100])]) {
      expect(pickNamed(named, [rival], cat, 200, 200)).toEqual({ region: named[0], standIn: false });
    }
    expect(pickNamed(named, [at('person', 0.9, [0, 0, 100, 100])], cat, 200, 200)?.standIn).toBe(false);
  });

  it('with no named detection, only a "maybe" confusable kind stands in', () => {
    expect(pickNamed([], [at('dog', 0.45, [0, 0, 9, 9])], cat, 200, 200)?.region.label).toBe('dog');
    expect(pickNamed([], [at('dog', 0.7, [0, 0, 9, 9])], cat, 200, 200)).toBeUndefined();
    expect(pickNamed([], [at('horse', 0.4, [0, 0, 9, 9])], cat, 200, 200)).toBeUndefined();
  });
});
