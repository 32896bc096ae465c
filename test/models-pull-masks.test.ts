// `scanline models pull birefnet-lite` and `slimsam-77` against the fake hub, which serves the tiny
// random-weight packs (test/fixtures, scripts/make-tiny-mask-packs.py) under the real repos' names and
// file layout; then the real inference worker runs the pulled packs through transformers.js.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine, parseManifest } from '../src/engine/index.js';
import { findCatalogEntry } from '../src/packs/catalog.js';
import { loadPhoto } from './fixtures/photos/photos.js';
import { modelsInProcess as models, usePullFixture } from './helpers/pull-fixture.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = usePullFixture('scanline-pull-masks-');

describe('pulled mask packs', () => {
  it('pull, verify, and run in the worker: BiRefNet for the subject, SAM for a detected cup', async () => {
    const birefnet = findCatalogEntry('birefnet-lite')!;
    const sam = findCatalogEntry('slimsam-77')!;
    const { env } = await fixture.serve({
      repos: { [birefnet.repo]: join(FIXTURES, 'birefnet-tiny'), [sam.repo]: join(FIXTURES, 'slimsam-tiny') },
    });
    for (const name of ['birefnet-lite', 'slimsam-77']) {
      const pulled = await models(['pull', name], env);
      expect(pulled.stderr).toContain(`Installed ${name}`);
      expect(pulled.code).toBe(0);
      const verified = await models(['verify', name], env);
      expect(verified.code).toBe(0);
      expect(verified.stdout).not.toMatch(/mismatch|missing/);
    }
    const manifest = JSON.parse(await readFile(join(fixture.dir(), 'slimsam-77', 'manifest.json'), 'utf8'));
    expect(parseManifest(manifest)).toMatchObject({ ok: true, manifest: { architecture: 'sam', tasks: ['segment'] } });
    expect(manifest.files).toMatchObject({
      vision_encoder: { path: 'onnx/vision_encoder.onnx' },
      prompt_encoder_mask_decoder: { path: 'onnx/prompt_encoder_mask_decoder.onnx' },
      preprocessor_config: { path: 'preprocessor_config.json' },
    });

    const engine = await Engine.start(
      { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [fixture.dir()] },
      () => {},
    );
    try {
      const photo = await loadPhoto('coffee-cup.jpg');
      const subject = await engine.run('segment', { images: [photo], prompt: '' });
      expect(subject.text).toBe('birefnet');
      expect(subject.meta).toMatchObject({ maskPack: 'birefnet-lite' });
      expect(subject.images?.[0]).toMatchObject({ width: photo.width, height: photo.height });
      const cup = await engine.run('segment', { images: [photo], prompt: 'cup' });
      expect(cup.text).toBe('detect+sam');
      expect(cup.meta).toMatchObject({ maskPack: 'slimsam-77', maskQuality: { confidence: expect.any(Number) } });
      expect(cup.regions?.[0]?.label).toBe('cup');
    } finally {
      await engine.close();
    }
  });
});
