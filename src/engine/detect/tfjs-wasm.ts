// TensorFlow.js on its WebAssembly backend, for the tfjs graph models that ship
// in npm packages (CenterNet in @vladmandic/human). No tfjs-node: it downloads
// a native library at install time. Graph models are read from disk through a
// load router for `file://` URLs and absolute `.json` paths.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolveInstalledPackageDir } from '../pack-registry.js';
import { withoutAddedProcessHandlers } from '../vision/emscripten-listeners.js';

export { tf };
export type { GraphModel };

let ready: Promise<void> | undefined;

/** Starts the wasm backend once per thread (its .wasm files are read from the package's dist folder). */
export function tfjsReady(): Promise<void> {
  ready ??= start().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

async function start(): Promise<void> {
  const pkg = resolveInstalledPackageDir('@tensorflow/tfjs-backend-wasm');
  if (pkg === undefined) throw new Error('@tensorflow/tfjs-backend-wasm is not installed');
  setWasmPaths(join(pkg, 'dist') + sep);
  registerFileLoadRouter();
  await withoutAddedProcessHandlers(async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
    await tf.ready();
  });
}

let routerRegistered = false;

/** Lets `tf.loadGraphModel('file:///…/model.json')` (and absolute paths) read from disk. */
export function registerFileLoadRouter(): void {
  if (routerRegistered) return;
  routerRegistered = true;
  // tfjs routers answer null for URLs they do not serve (its type says IOHandler only).
  const router = (url: string | string[]): tf.io.IOHandler | null => {
    const first = Array.isArray(url) ? url[0] : url;
    if (typeof first !== 'string') return null;
    if (first.startsWith('file://')) return fileModelHandler(fileURLToPath(first));
    if (isAbsolute(first) && first.toLowerCase().endsWith('.json')) return fileModelHandler(first);
    return null;
  };
  tf.io.registerLoadRouter(router as Parameters<typeof tf.io.registerLoadRouter>[0]);
}

interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  signature?: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** A tfjs IOHandler for a `model.json` + weight shards on disk. */
export function fileModelHandler(jsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
      const dir = dirname(jsonPath);
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const path of group.paths) shards.push(await readFile(join(dir, path)));
      }
      const total = shards.reduce((n, s) => n + s.byteLength, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const shard of shards) {
        weightData.set(shard, offset);
        offset += shard.byteLength;
      }
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs,
        weightData: weightData.buffer,
        ...(json.format !== undefined ? { format: json.format } : {}),
        ...(json.generatedBy !== undefined ? { generatedBy: json.generatedBy } : {}),
        ...(json.convertedBy !== undefined ? { convertedBy: json.convertedBy } : {}),
        ...(json.signature !== undefined ? { signature: json.signature as object } : {}),
      };
    },
  };
}

/** Loads a tfjs graph model from a `model.json` path on disk (the backend must be ready). */
export async function loadGraphModelFile(jsonPath: string): Promise<GraphModel> {
  await tfjsReady();
  return loadGraphModel(fileModelHandler(jsonPath));
}
