import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../common/errors.js';
import { requireImage } from './require-image.js';

describe('requireImage', () => {
  it('gives the first image, or image_missing', () => {
    const image = { data: new Uint8Array(3), width: 1, height: 1, channels: 3 as const };
    expect(requireImage({ images: [image] })).toBe(image);
    let error: unknown;
    try {
      requireImage({ images: [] });
    } catch (e) {
      error = e;
    }
    expect(isScanlineError(error) && error.code).toBe('image_missing');
  });
});
