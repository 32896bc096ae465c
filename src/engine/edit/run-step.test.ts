import { describe, expect, it } from 'vitest';
import type { EditStep } from '../../common/edit-step.js';
import { testPhoto } from '../../../test/helpers/engine/test-photo.js';
import type { MaskProvider } from './mask-provider.js';
import { runStep, stepBlocker } from './run-step.js';
import { STYLES } from './styles.js';

const ctx = { throwIfAborted: () => undefined };

const GEOMETRY_KEEPING: EditStep[] = [
  { op: 'grayscale' },
  ...Object.keys(STYLES).map((style): EditStep => ({ op: 'style', style })),
  { op: 'adjust', property: 'brightness', amount: 0.3 },
  { op: 'adjust', property: 'contrast', amount: -0.3 },
  { op: 'adjust', property: 'saturation', amount: 0.5 },
  { op: 'adjust', property: 'warmth', amount: -0.3 },
  { op: 'blur', sigma: 3 },
  { op: 'sharpen' },
  { op: 'flip', axis: 'vertical' },
  { op: 'rotate', degrees: 180 },
  { op: 'rotate', degrees: 17 },
  { op: 'invert' },
  { op: 'vignette' },
  { op: 'caption', text: 'Hello 你好', position: 'bottom' },
  { op: 'recolor', target: 'image', color: 'blue' },
];

describe('runStep', () => {
  // Odd sizes, extreme aspect ratios, and alpha: every step must cope.
  const sizes: [number, number, 3 | 4][] = [
    [97, 61, 3],
    [3, 240, 3],
    [240, 3, 4],
    [1, 1, 3],
  ];
  for (const [w, h, c] of sizes) {
    it(`keeps ${w}x${h}x${c} for every step that does not change geometry`, async () => {
      const input = testPhoto(w, h, c);
      const before = input.data.slice();
      for (const step of GEOMETRY_KEEPING) {
        const out = await runStep(input, step, ctx);
        expect([out.width, out.height, out.channels, out.data.length], JSON.stringify(step)).toEqual([
          w,
          h,
          c,
          w * h * c,
        ]);
      }
      // No step writes into its input.
      expect(Buffer.compare(Buffer.from(before), Buffer.from(input.data))).toBe(0);
    });
  }

  it('changes geometry where the step says so', async () => {
    const input = testPhoto(120, 80);
    const size = async (step: EditStep) => {
      const out = await runStep(input, step, ctx);
      return [out.width, out.height];
    };
    expect(await size({ op: 'rotate', degrees: 90 })).toEqual([80, 120]);
    expect(await size({ op: 'crop', aspect: { w: 1, h: 1 } })).toEqual([80, 80]);
    expect(await size({ op: 'pad', aspect: { w: 1, h: 1 }, fill: 'blur' })).toEqual([120, 120]);
    expect(await size({ op: 'resize', longSide: 60 })).toEqual([60, 40]);
    expect(await size({ op: 'resize', width: 30 })).toEqual([30, 20]);
    expect(await size({ op: 'resize', height: 200 })).toEqual([300, 200]);
    expect(await size({ op: 'scale', factor: 2 })).toEqual([240, 160]);
  });

  it('says which steps need masks or are not available', () => {
    expect(stepBlocker({ op: 'recolor', target: 'car', color: 'blue' }, false)).toBe('needs_mask');
    expect(stepBlocker({ op: 'recolor', target: 'car', color: 'blue' }, true)).toBeUndefined();
    expect(stepBlocker({ op: 'recolor', target: 'image', color: 'blue' }, false)).toBeUndefined();
    expect(stepBlocker({ op: 'recolor', target: 'car', color: 'plaid' }, true)).toBe('unsupported');
    expect(stepBlocker({ op: 'background', mode: 'blur' }, false)).toBe('needs_mask');
    expect(stepBlocker({ op: 'remove', target: 'person' }, true)).toBe('unsupported');
    expect(stepBlocker({ op: 'style', style: 'cubism' }, false)).toBe('unsupported');
    expect(stepBlocker({ op: 'grayscale' }, false)).toBeUndefined();
  });

  it('asks the mask provider for the target and rejects a mask of the wrong size', async () => {
    const input = testPhoto(40, 30);
    const asked: string[] = [];
    const provider: MaskProvider = {
      mask: async (_image, target) => {
        asked.push(target);
        return new Uint8Array(40 * 30).fill(255);
      },
    };
    await runStep(input, { op: 'recolor', target: 'car', color: 'red' }, { ...ctx, maskProvider: provider });
    await runStep(input, { op: 'background', mode: 'color', value: 'white' }, { ...ctx, maskProvider: provider });
    expect(asked).toEqual(['car', 'foreground']);
    const wrong: MaskProvider = { mask: async () => new Uint8Array(5) };
    await expect(
      runStep(input, { op: 'recolor', target: 'car', color: 'red' }, { ...ctx, maskProvider: wrong }),
    ).rejects.toThrow(/mask provider returned 5 values/);
  });
});
