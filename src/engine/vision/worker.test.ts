// The perception runners inside the real inference worker (tsx-loaded worker
// thread): tfjs wasm and opencv.js must find their .wasm and start there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { isScanlineError } from '../../common/errors.js';
import { Engine } from '../engine.js';
import type { EngineOptions } from '../types.js';

const options: EngineOptions = { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [] };
let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start(options, () => {});
});
afterAll(async () => {
  await engine.close();
});

describe('perception runners in the inference worker', () => {
  it('serves detect, segment, edges and depth', () => {
    expect(engine.tasks).toEqual(expect.arrayContaining(['detect', 'segment', 'edges', 'depth']));
  });

  it('detects with CenterNet on the wasm backend and lists its npm pack', async () => {
    const result = await engine.run('detect', { images: [await loadPhoto('astronaut.jpg')], prompt: '' });
    expect(result.regions?.[0]?.label).toBe('person');
    const { packs } = await engine.packs();
    expect(packs.find((p) => p.name === 'centernet-coco')).toMatchObject({ origin: 'npm', tasks: ['detect'] });
  });

  it('runs opencv.js (edges, GrabCut) in the worker', async () => {
    const edges = await engine.run('edges', { images: [await loadPhoto('chelsea-cat.jpg')] });
    expect(edges.images?.[0]).toMatchObject({ width: 451, height: 300 });
    const seg = await engine.run('segment', { images: [await loadPhoto('coffee-cup.jpg')], prompt: 'cup' });
    expect(seg.regions?.[0]?.label).toBe('cup');
  });

  it('depth without a pulled pack names the pack to pull', async () => {
    const error = await engine.run('depth', { images: [await loadPhoto('astronaut.jpg')] }).catch((e: unknown) => e);
    expect(isScanlineError(error) && error.code).toBe('model_missing');
    expect(isScanlineError(error) && error.params['pack']).toBe('depth-anything-v2-small');
  });
});
