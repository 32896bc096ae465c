import { ScanlineError } from '../common/errors.js';
import type { EngineInputs, RawImage } from './types.js';

/** The first input image, or the user-facing `image_missing` every runner answers without one. */
export function requireImage(inputs: Pick<EngineInputs, 'images'>): RawImage {
  const image = inputs.images[0];
  if (!image) throw new ScanlineError('image_missing');
  return image;
}
