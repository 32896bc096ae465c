import { describe, expect, it } from 'vitest';
import { testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { sepia } from './sepia.js';

describe('sepia', () => {
  it('tones every pixel brown: red >= green >= blue, ordered by luma', async () => {
    const out = await sepia(testPhoto(40, 40));
    for (let j = 0; j < out.data.length; j += 3) {
      expect(out.data[j]!).toBeGreaterThanOrEqual(out.data[j + 1]!);
      expect(out.data[j + 1]!).toBeGreaterThanOrEqual(out.data[j + 2]!);
    }
  });
});
