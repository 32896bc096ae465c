// One ESRGAN (RDN) model of @upscalerjs on the tfjs wasm backend: a Keras
// functional model of plain layers (Conv2D, Concatenate, Add, ReLU,
// UpSampling2D), so tfjs-layers loads it with no custom layer. Input
// [1,h,w,3] RGB 0-255, output [1,h*s,w*s,3] RGB 0-255 (not clamped).
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { fileModelHandler, tf, tfjsReady } from '../detect/tfjs-wasm.js';
import { SessionCache } from '../session-cache.js';
import type { InstalledPack } from '../task-runner.js';
import type { EsrganScale } from './esrgan-packs.js';

export interface Esrgan {
  /** `<pack>` name, for the reply. */
  pack: string;
  scale: EsrganScale;
  /** Input pixels around an output pixel that change it: the tile margin that makes tiles seamless. */
  radius: number;
  model: LayersModel;
}

// x2 and x4 of both sizes fit at once (~8 MB of weights).
const loaded = new SessionCache<Esrgan>({ release: async (e) => void e.model.dispose(), max: 6 });

/** Loads (once per thread) the pack's model of this scale. */
export function loadEsrgan(pack: InstalledPack, scale: EsrganScale): Promise<Esrgan> {
  const jsonPath = pack.file(`x${scale}`);
  return loaded.get(jsonPath, async () => {
    await tfjsReady();
    const model = await loadLayersModel(fileModelHandler(jsonPath));
    return { pack: pack.manifest.name, scale, radius: receptiveRadius(model), model };
  });
}

/** Frees every loaded model (worker shutdown). */
export function disposeEsrgans(): Promise<void> {
  return loaded.dispose();
}

/**
 * How far (input pixels) a pixel's influence reaches: the half-kernels of every
 * convolution, those after the upsampling counted in input pixels. Summing all
 * layers, branches included, can only overstate it, which is safe for tiling.
 */
export function receptiveRadius(model: LayersModel): number {
  let low = 0;
  let high = 0;
  let factor = 1;
  for (const layer of model.layers) {
    const config = layer.getConfig();
    if (layer.getClassName() === 'UpSampling2D') {
      factor *= Math.max(...(config['size'] as number[]));
      continue;
    }
    if (!layer.getClassName().startsWith('Conv')) continue;
    const reach = Math.max(...(config['kernelSize'] as number[]).map((k) => Math.floor(k / 2)));
    if (factor === 1) low += reach;
    else high += reach;
  }
  return low + Math.ceil(high / factor);
}

/** Runs the model on interleaved RGB (0-255, `width * height * 3`); RGB bytes `scale` times larger. */
export async function runEsrgan(net: Esrgan, rgb: Float32Array, width: number, height: number): Promise<Uint8Array> {
  const input = tf.tensor4d(rgb, [1, height, width, 3], 'float32');
  let out: tf.Tensor | undefined;
  try {
    out = tf.tidy(() => tf.clipByValue(tf.round(net.model.predict(input) as tf.Tensor), 0, 255));
    const values = await out.data();
    return Uint8Array.from(values);
  } finally {
    input.dispose();
    out?.dispose();
  }
}
