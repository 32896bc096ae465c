import { describe, expect, it } from 'vitest';
import type { Region } from '../types.js';
import { isMaybe, MAYBE_BELOW, relatedStandIn } from './select.js';

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
