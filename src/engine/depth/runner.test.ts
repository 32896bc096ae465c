// The depth runner with the tiny random-weight pack in test/fixtures/depth-tiny
// (same input/output names as the real Depth-Anything-V2-Small export). Its
// maps mean nothing: these tests check loading, sizes and the pictures.
import { packLookup } from '../../../test/helpers/ocr-pack.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { parseManifest } from '../pack-manifest.js';
import { createPackRegistry } from '../pack-registry.js';
import type { InstalledPack, PackLookup } from '../task-runner.js';
import { runnerContext } from '../../../test/helpers/engine/vision-context.js';
import type { RawImage } from '../types.js';
import { depthColor, normaliseDepth, resizeMap } from './depth-map.js';
import { DEPTH_DEFAULTS, depthConfigFrom, depthInputSize } from './preprocess.js';
import { createDepthRunner } from './runner.js';

const TINY_DIR = fileURLToPath(new URL('../../../test/fixtures/depth-tiny/', import.meta.url));

function tinyPack(): PackLookup {
  const parsed = parseManifest(JSON.parse(readFileSync(join(TINY_DIR, 'manifest.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.problem);
  const manifest = parsed.manifest;
  const pack: InstalledPack = {
    manifest,
    dir: TINY_DIR,
    origin: 'repo',
    file: (role) => join(TINY_DIR, manifest.files[role]!.path),
  };
  return packLookup([pack]);
}

function gradient(width: number, height: number): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.fill((i % width) % 256, i * 3, i * 3 + 3);
  return { data, width, height, channels: 3 };
}

describe('depth preprocessing (DPTImageProcessor rules)', () => {
  it('scales as little as possible toward 518 and rounds each side to a multiple of 14', () => {
    expect(depthInputSize(640, 480, DEPTH_DEFAULTS)).toEqual({ w: 686, h: 518 });
    expect(depthInputSize(518, 518, DEPTH_DEFAULTS)).toEqual({ w: 518, h: 518 });
    expect(depthInputSize(300, 1200, DEPTH_DEFAULTS)).toEqual({ w: 126, h: 518 });
    expect(depthInputSize(2000, 400, DEPTH_DEFAULTS)).toEqual({ w: 1036, h: 210 }); // our long-side cap
  });

  it('reads the pack’s preprocessor_config', () => {
    const cfg = depthConfigFrom(JSON.parse(readFileSync(join(TINY_DIR, 'preprocessor_config.json'), 'utf8')));
    expect(cfg).toMatchObject({ height: 518, width: 518, multiple: 14, mean: [0.485, 0.456, 0.406] });
  });
});

describe('depth pictures', () => {
  it('normalises, resizes and colours (far dark purple, near yellow)', () => {
    expect(Array.from(normaliseDepth([2, 4, 6]))).toEqual([0, 0.5, 1]);
    expect(Array.from(normaliseDepth([3, 3]))).toEqual([0, 0]);
    expect(Array.from(resizeMap(Float32Array.from([0, 1]), 2, 1, 4, 1))).toEqual([0, 0.25, 0.75, 1]);
    expect(depthColor(0)).toEqual([13, 8, 135]);
    expect(depthColor(1)).toEqual([240, 249, 33]);
  });
});

describe('depth runner', () => {
  it('returns maps at the input size for odd sizes', async () => {
    const runner = createDepthRunner();
    const result = await runner.run({ images: [gradient(97, 61)] }, runnerContext(tinyPack()));
    expect(result.images!.map((i) => [i.width, i.height])).toEqual([
      [97, 61],
      [97, 61],
    ]);
  });

  it('runs the pack and returns a colour map and a grey map at the input size', async () => {
    const runner = createDepthRunner();
    // 518x322 is its own model input size, so the map is not resampled and keeps its extremes.
    const image = gradient(518, 322);
    const result = await runner.run({ images: [image] }, runnerContext(tinyPack()));
    const [color, gray] = result.images!;
    expect(color).toMatchObject({ width: 518, height: 322, channels: 3 });
    expect(gray).toMatchObject({ width: 518, height: 322, channels: 3 });
    // Min-max normalised: the grey map spans 0..255 and the colour map runs from far to near colours.
    const values = Array.from({ length: 518 * 322 }, (_, i) => gray!.data[i * 3]!);
    expect(values.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(values.reduce((a, b) => Math.max(a, b))).toBe(255);
    const far = values.indexOf(0);
    expect(Array.from(color!.data.subarray(far * 3, far * 3 + 3))).toEqual(depthColor(0));
    expect(Object.keys(result.timingsMs)).toEqual(expect.arrayContaining(['load', 'infer', 'total']));
    await runner.dispose?.();
  });

  it('without a depth pack asks for depth-anything-v2-small', async () => {
    const runner = createDepthRunner();
    const error = await runner
      .run({ images: [gradient(8, 8)] }, runnerContext(packLookup([])))
      .catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('model_missing');
    expect(isScanlineError(error) && error.params).toEqual({ task: 'depth', pack: 'depth-anything-v2-small' });
  });

  it('the tiny test pack is not found by the default registry', () => {
    const registry = createPackRegistry({ modelsDirs: [] }, () => {});
    expect(registry.list().map((p) => p.manifest.name)).not.toContain('depth-tiny');
  });
});
