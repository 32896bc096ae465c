import { describe, expect, it } from 'vitest';
import { box1000 } from './box1000.js';

describe('box1000', () => {
  it('scales pixel boxes to 0-1000 of each side', () => {
    expect(box1000([0, 0, 800, 600], 800, 600)).toEqual([0, 0, 1000, 1000]);
    expect(box1000([200, 150, 400, 300], 800, 600)).toEqual([250, 250, 500, 500]);
    expect(box1000([-5, 10, 900, 3], 800, 600)).toEqual([0, 17, 1000, 5]);
  });
});
