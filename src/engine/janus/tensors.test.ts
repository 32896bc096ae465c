import { describe, expect, it } from 'vitest';
import { positionIds } from './tensors.js';

describe('positionIds', () => {
  it('counts attended positions, as transformers.js does for a full mask', () => {
    expect(positionIds([1, 1, 1, 1], 4)).toEqual([0, 1, 2, 3]);
    expect(positionIds([1, 1, 1, 1], 1)).toEqual([3]);
  });

  it('gives masked positions 1 and starts the attended ones after them at 0', () => {
    expect(positionIds([0, 0, 0], 3)).toEqual([1, 1, 1]);
    expect(positionIds([0, 0, 0, 1, 1], 2)).toEqual([0, 1]);
  });

  it('counts the attended positions before the tail it returns, padding in the middle included', () => {
    expect(positionIds([0, 1, 1, 0, 1], 2)).toEqual([1, 2]);
    expect(positionIds([1, 0, 1, 1], 3)).toEqual([1, 1, 2]);
  });
});
