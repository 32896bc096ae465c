// The image safety classifier: nsfwjs's MobileNetV2 (MIT; a Keras layers model whose JSON and
// base64 weights ship inside the npm package as CommonJS bundles) on the tfjs wasm backend. The
// package's own runtime wants all of @tensorflow/tfjs and a `buffer` polyfill; reading its two
// files and running them on the tfjs-core the worker already has is all it takes.
// Pinned to 4.3.0: 4.4.0 ships the same model files byte for byte but declares Node 22.13 only, so
// `npm ci` on Node 20 warned EBADENGINE.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { tf, tfjsReady } from '../detect/tfjs-wasm.js';
import { resolveInstalledPackageDir } from '../pack-registry.js';
import type { RawImage, SafetyScores } from '../types.js';

export const NSFW_PACKAGE = 'nsfwjs';
/** The model's input side; nsfwjs stretches every image to it. */
export const NSFW_INPUT_SIDE = 224;
/** The softmax outputs, in the model's order (nsfwjs's NSFW_CLASSES). */
export const NSFW_CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;

interface ModelBundle {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

let loading: Promise<LayersModel> | undefined;

/** Loads the model once per thread (the wasm backend first); a failed load is retried on the next call. */
export function loadNsfwModel(): Promise<LayersModel> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<LayersModel> {
  const pkg = resolveInstalledPackageDir(NSFW_PACKAGE);
  if (pkg === undefined) throw new Error(`${NSFW_PACKAGE} is not installed`);
  const dir = join(pkg, 'dist', 'models', 'mobilenet_v2');
  // The bundles are UMD modules (module.exports = the JSON, or the base64 of a weight shard).
  const require = createRequire(import.meta.url);
  const bundle = unwrap(require(join(dir, 'model.min.js'))) as ModelBundle;
  const shards = bundle.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const base64 = unwrap(require(join(dir, `${path}.min.js`)));
      if (typeof base64 !== 'string') throw new Error(`${NSFW_PACKAGE}: weight shard ${path} is not base64 text`);
      return Buffer.from(base64, 'base64');
    }),
  );
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  await tfjsReady();
  const handler: tf.io.IOHandler = {
    load: () =>
      Promise.resolve({
        modelTopology: bundle.modelTopology,
        weightSpecs: bundle.weightsManifest.flatMap((g) => g.weights),
        weightData: weightData.buffer,
      }),
  };
  return loadLayersModel(handler);
}

function unwrap(mod: unknown): unknown {
  return typeof mod === 'object' && mod !== null && 'default' in mod ? (mod as { default: unknown }).default : mod;
}

/**
 * The five class probabilities of one image, synchronously (a preview is checked inside the
 * runner's progress call). Large images are box-averaged by an integer factor first, so the
 * bilinear stretch to 224x224 (nsfwjs's own: [0,1] pixels, align corners) never reads past
 * 2x its input; images up to 447 px are classified exactly as nsfwjs does.
 */
export function classifyImage(model: LayersModel, image: RawImage): SafetyScores {
  const small = boxShrink(image, Math.floor(Math.min(image.width, image.height) / NSFW_INPUT_SIDE));
  const probs = tf.tidy(() => {
    const pixels = tf.tensor3d(small.data, [small.height, small.width, 3], 'int32');
    const scaled = tf.div(tf.cast(pixels, 'float32'), 255);
    const resized = tf.image.resizeBilinear(scaled as tf.Tensor3D, [NSFW_INPUT_SIDE, NSFW_INPUT_SIDE], true);
    return model.predict(tf.expandDims(resized, 0)) as tf.Tensor;
  });
  try {
    const values = probs.dataSync();
    return {
      drawing: values[0] ?? 0,
      hentai: values[1] ?? 0,
      neutral: values[2] ?? 0,
      porn: values[3] ?? 0,
      sexy: values[4] ?? 0,
    };
  } finally {
    probs.dispose();
  }
}

/**
 * RGB at 1/`factor` of the size, each pixel the mean of a factor x factor block. Alpha is
 * flattened over mid-grey first: the classifier sees what a viewer would, not the colours
 * hidden under transparent pixels.
 */
export function boxShrink(image: RawImage, factor: number): { data: Int32Array; width: number; height: number } {
  const k = Math.max(1, factor);
  const width = Math.max(1, Math.floor(image.width / k));
  const height = Math.max(1, Math.floor(image.height / k));
  const out = new Int32Array(width * height * 3);
  const { data, channels } = image;
  const area = k * k;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < k; dy += 1) {
        let i = ((y * k + dy) * image.width + x * k) * channels;
        for (let dx = 0; dx < k; dx += 1, i += channels) {
          if (channels === 4) {
            const a = data[i + 3]!;
            r += (data[i]! * a + 128 * (255 - a)) / 255;
            g += (data[i + 1]! * a + 128 * (255 - a)) / 255;
            b += (data[i + 2]! * a + 128 * (255 - a)) / 255;
          } else {
            r += data[i]!;
            g += data[i + 1]!;
            b += data[i + 2]!;
          }
        }
      }
      const o = (y * width + x) * 3;
      out[o] = Math.round(r / area);
      out[o + 1] = Math.round(g / area);
      out[o + 2] = Math.round(b / area);
    }
  }
  return { data: out, width, height };
}

/** Frees the model (worker shutdown). */
export async function disposeNsfwModel(): Promise<void> {
  const current = loading;
  loading = undefined;
  (await current?.catch(() => undefined))?.dispose();
}
