// CenterNet (MobileNetV3 backbone, COCO) as shipped by @vladmandic/human: a
// tfjs graph model run on the wasm backend. Input [1,512,512,3] RGB 0-255
// (normalised inside the graph); `tower_0/detections` [1,100,6] holds the top
// 100 centre peaks already decoded to boxes in input pixels.
import { SessionCache } from '../session-cache.js';
import type { InstalledPack, PackLookup } from '../task-runner.js';
import type { RawImage, Region } from '../types.js';
import { DEFAULT_NMS, decodeDetections, nonMaxSuppression, type NmsOptions } from './decode.js';
import { toSquareRgb } from './preprocess.js';
import { DETECT_ARCHITECTURE } from './runner.js';
import { loadGraphModelFile, tf, type GraphModel } from './tfjs-wasm.js';
import { requirePack } from '../require-pack.js';

/** The pack name users see in `models list` and in the model_missing reply. */
export const DETECT_PACK = 'centernet-coco';
const OUTPUT = 'tower_0/detections';
const FALLBACK_INPUT_SIZE = 512;

export interface CenterNet {
  /** Pack folder the model was loaded from. */
  dir: string;
  inputSize: number;
  model: GraphModel;
}

// One per thread: the detect and segment runners share it.
const loaded = new SessionCache<CenterNet>({ release: async (net) => net.model.dispose(), max: Infinity });

/** The detection pack, or model_missing naming the pack. */
export function detectPack(packs: PackLookup): InstalledPack {
  return requirePack(packs, 'detect', DETECT_ARCHITECTURE, DETECT_PACK);
}

/** Loads (once per thread and pack folder) the graph model named by the pack's `model` role. */
export function loadCenterNet(pack: InstalledPack): Promise<CenterNet> {
  const jsonPath = pack.file('model');
  return loaded.get(jsonPath, async () => {
    const model = await loadGraphModelFile(jsonPath);
    const dim = model.inputs[0]?.shape?.[1];
    return { dir: pack.dir, inputSize: typeof dim === 'number' && dim > 0 ? dim : FALLBACK_INPUT_SIZE, model };
  });
}

/** Frees every loaded detector (worker shutdown). */
export function disposeCenterNets(): Promise<void> {
  return loaded.dispose();
}

export interface DetectOptions {
  minScore: number;
  /** Only these classes; applied before NMS so a weaker label the user asked for is not suppressed by another. */
  labels?: readonly string[];
  nms?: NmsOptions;
  /** Also every object of any class at or above this score (`all` in the result), from the same inference. */
  allMinScore?: number;
}

export interface DetectTimings {
  preprocess: number;
  infer: number;
  postprocess: number;
}

/** Every object at or above `minScore`, in the image's pixels, best first. */
export async function runCenterNet(
  net: CenterNet,
  image: RawImage,
  opts: DetectOptions,
): Promise<{ regions: Region[]; all?: Region[]; timingsMs: DetectTimings }> {
  let t = performance.now();
  const pixels = toSquareRgb(image, net.inputSize);
  const preprocess = performance.now() - t;
  t = performance.now();
  const input = tf.tensor4d(pixels, [1, net.inputSize, net.inputSize, 3], 'float32');
  let raw: Float32Array;
  try {
    const out = net.model.execute(input, OUTPUT);
    const tensor = Array.isArray(out) ? out[0] : out;
    if (!tensor) throw new Error(`the detector gave no ${OUTPUT} output`);
    try {
      raw = (await tensor.data()) as Float32Array;
    } finally {
      tf.dispose(out);
    }
  } finally {
    input.dispose();
  }
  const infer = performance.now() - t;
  t = performance.now();
  const floor = Math.min(opts.minScore, opts.allMinScore ?? opts.minScore);
  const decoded = decodeDetections(raw, {
    inputSize: net.inputSize,
    width: image.width,
    height: image.height,
    minScore: floor,
  });
  const wanted = opts.labels;
  const candidates = decoded.filter((r) => r.score >= opts.minScore && (!wanted || wanted.includes(r.label)));
  const regions = nonMaxSuppression(candidates, opts.nms ?? DEFAULT_NMS);
  const all =
    opts.allMinScore === undefined
      ? undefined
      : nonMaxSuppression(
          decoded.filter((r) => r.score >= opts.allMinScore!),
          opts.nms ?? DEFAULT_NMS,
        );
  return { regions, ...(all ? { all } : {}), timingsMs: { preprocess, infer, postprocess: performance.now() - t } };
}
