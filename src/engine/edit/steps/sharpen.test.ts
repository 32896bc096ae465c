import { describe, expect, it } from 'vitest';
import { detail, testPhoto } from '../../../../test/helpers/engine/test-photo.js';
import { blur } from './blur.js';
import { sharpen } from './sharpen.js';

describe('sharpen', () => {
  it('brings back fine detail to a softened photo, at the same size', async () => {
    const soft = await blur(testPhoto(1000, 500), 1.5);
    const out = await sharpen(soft);
    expect([out.width, out.height]).toEqual([1000, 500]);
    expect(detail(out)).toBeGreaterThan(detail(soft) * 1.1);
  });
});
