// "change the cup's (motorcycle's) color to blue": the engine's mask (detector +
// GrabCut, in this thread) drives the recolor step. The hue inside the mask
// moves toward blue; every pixel outside it stays byte-identical.
import { describe, expect, it } from 'vitest';
import { loadMotorcycle, loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { createDetectRunner } from '../../engine/detect/index.js';
import { inThreadEngine } from '../../engine/testing/vision-context.js';
import type { RawImage } from '../../engine/types.js';
import { createSegmentRunner } from '../../engine/vision/index.js';
import { EngineMaskProvider } from './engine-mask-provider.js';
import type { MaskProvider } from './mask-provider.js';
import { runStep } from './run-step.js';

const engine = inThreadEngine([createDetectRunner(), createSegmentRunner({ findIsNet: () => undefined })]);
const provider = new EngineMaskProvider(engine);
const signal = new AbortController().signal;
const motorcycle = await loadMotorcycle();

/** Hue in degrees, or undefined for greys. */
function hue(r: number, g: number, b: number): number | undefined {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 12) return undefined;
  let h: number;
  if (max === r) h = ((g - b) / (max - min)) % 6;
  else if (max === g) h = (b - r) / (max - min) + 2;
  else h = (r - g) / (max - min) + 4;
  return (h * 60 + 360) % 360;
}

/** Share of coloured pixels under the mask whose hue is blue (190-260 degrees). */
function blueShare(image: RawImage, mask: Uint8Array): number {
  let blue = 0;
  let coloured = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]! < 128) continue;
    const j = i * image.channels;
    const h = hue(image.data[j]!, image.data[j + 1]!, image.data[j + 2]!);
    if (h === undefined) continue;
    coloured++;
    if (h >= 190 && h <= 260) blue++;
  }
  return coloured ? blue / coloured : 0;
}

async function recolorTest(photo: RawImage, target: string): Promise<void> {
  const before = { ...photo, data: photo.data.slice() };
  // GrabCut's k-means draws from opencv's global RNG, so record the mask the step actually used.
  const used: Uint8Array[] = [];
  const recording: MaskProvider = {
    mask: async (image, t, s) => {
      const m = await provider.mask(image, t, s);
      used.push(m);
      return m;
    },
  };
  const edited = await runStep(photo, { op: 'recolor', target, color: 'blue' }, { signal, maskProvider: recording });
  expect(photo.data).toEqual(before.data); // the caller keeps its pixels
  expect(used).toHaveLength(1);
  const mask = used[0]!;
  expect(mask.length).toBe(photo.width * photo.height);
  const selected = mask.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  expect(selected).toBeGreaterThan(mask.length * 0.03);
  expect(selected).toBeLessThan(mask.length * 0.7);
  expect(blueShare(before, mask)).toBeLessThan(0.1);
  expect(blueShare(edited, mask)).toBeGreaterThan(0.8);
  let changedOutside = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) continue;
    for (let c = 0; c < 3; c++) if (edited.data[i * 3 + c] !== before.data[i * 3 + c]) changedOutside++;
  }
  expect(changedOutside).toBe(0);
}

describe('EngineMaskProvider + recolor', () => {
  it("change the cup's color to blue", async () => {
    await recolorTest(await loadPhoto('coffee-cup.jpg'), 'cup');
  });

  it.skipIf(!motorcycle)("change the motorcycle's color to blue", async () => {
    await recolorTest(motorcycle!, 'motorcycle');
  });

  it('foreground masks come from the engine too', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const mask = await provider.mask(photo, 'foreground', signal);
    expect(engine.calls.at(-1)?.inputs.options).toEqual({ overlay: false, mode: 'foreground' });
    // The astronaut stands in the middle-left; the top corners are background.
    expect(mask[5 * 400 + 5]).toBe(0);
    expect(mask[200 * 400 + 150]).toBeGreaterThanOrEqual(128);
  });
});
