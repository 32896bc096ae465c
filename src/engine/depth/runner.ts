// The `depth` task runner for a pulled Depth-Anything-V2 ONNX pack
// (`pixel_values` [1,3,h,w] -> `predicted_depth` [1,h,w]). Nothing ships
// offline, and a depth map is never made up: no pack means model_missing.
//
// Result: images[0] the colour depth map, images[1] the normalised depth as
// grey (near = white), both at the input's size.
import { readFile } from 'node:fs/promises';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { requireImage } from '../require-image.js';
import { requirePack } from '../require-pack.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, TaskContext, TaskRunner } from '../task-runner.js';
import type { EngineInputs, EngineResult } from '../types.js';
import { depthPictures, normaliseDepth, resizeMap } from './depth-map.js';
import { depthConfigFrom, depthInput, depthInputSize, type DepthPreprocessConfig } from './preprocess.js';

/** The pack users are told to pull. */
export const DEPTH_PACK = 'depth-anything-v2-small';
export const DEPTH_ARCHITECTURE = 'depth-anything-v2';
const OUTPUT = 'predicted_depth';

interface Loaded {
  session: InferenceSession;
  config: DepthPreprocessConfig;
}

async function readConfig(pack: InstalledPack): Promise<DepthPreprocessConfig> {
  if (!('preprocessor_config' in pack.manifest.files)) return depthConfigFrom(undefined);
  return depthConfigFrom(JSON.parse(await readFile(pack.file('preprocessor_config'), 'utf8')));
}

export function createDepthRunner(): TaskRunner<'depth'> {
  const cache = new SessionCache<Loaded>({ release: (m) => m.session.release() });

  function get(pack: InstalledPack, ctx: TaskContext): Promise<Loaded> {
    const model = pack.file('model');
    return cache.get(model, async () => {
      const [session, config] = await Promise.all([ctx.sessions.create(model), readConfig(pack)]);
      return { session, config };
    });
  }

  return {
    task: 'depth',
    architecture: DEPTH_ARCHITECTURE,
    async run(inputs: EngineInputs<'depth'>, ctx: TaskContext): Promise<EngineResult<'depth'>> {
      const started = performance.now();
      const image = requireImage(inputs);
      const pack = requirePack(ctx.packs, 'depth', DEPTH_ARCHITECTURE, DEPTH_PACK);
      let t = performance.now();
      const { session, config } = await get(pack, ctx);
      const load = performance.now() - t;
      ctx.throwIfAborted();

      t = performance.now();
      const { w, h } = depthInputSize(image.width, image.height, config);
      const input = new Tensor('float32', depthInput(image, w, h, config), [1, 3, h, w]);
      const preprocess = performance.now() - t;
      ctx.progress({ fraction: 0.1 });
      ctx.throwIfAborted();

      t = performance.now();
      const inputName = session.inputNames[0] ?? 'pixel_values';
      const outputName = session.outputNames.includes(OUTPUT) ? OUTPUT : (session.outputNames[0] ?? OUTPUT);
      const result = await session.run({ [inputName]: input }, [outputName]);
      const infer = performance.now() - t;
      ctx.throwIfAborted();

      t = performance.now();
      const out = result[outputName];
      if (!(out instanceof Tensor)) throw new Error(`depth model gave no ${outputName}`);
      const dims = out.dims;
      const oh = dims[dims.length - 2] ?? h;
      const ow = dims[dims.length - 1] ?? w;
      const norm = normaliseDepth(out.data as Float32Array);
      const map = resizeMap(norm, ow, oh, image.width, image.height);
      const { color, gray } = depthPictures(map);
      const postprocess = performance.now() - t;
      ctx.progress({ fraction: 1 });
      const size = { width: image.width, height: image.height, channels: 3 as const };
      return {
        images: [
          { data: color, ...size },
          { data: gray, ...size },
        ],
        timingsMs: { load, preprocess, infer, postprocess, total: performance.now() - started },
      };
    },
    dispose: () => cache.dispose(),
  };
}
