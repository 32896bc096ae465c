// The messages between the main thread and the inference worker, and the
// helpers that move image buffers as transferables and errors as plain data.
import { ScanlineError, type ErrorCode, type ErrorParams } from '../common/errors.js';
import type { EngineLogLevel } from './engine-log.js';
import type { PackListing, SkippedPack } from './pack-registry.js';
import type {
  EngineInputs,
  EngineOptions,
  EngineProgress,
  EngineResult,
  EngineTask,
  ExecutionProvider,
  RawImage,
} from './types.js';

/** Marks the worker's workerData so the entry module only serves when spawned by the Engine. */
export const WORKER_MARKER = 'scanline-inference-worker';

export interface InitMessage {
  type: 'init';
  options: EngineOptions;
  /** Load the built-in runners (OCR). Tests turn this off and inject their own. */
  builtinRunners: boolean;
  /** Module URLs that export `createRunner(): TaskRunner`; they replace built-ins for the same task. */
  runnerModules: string[];
}

export type ToWorker =
  | InitMessage
  /** `inputs` are checked against the task's schema when the worker takes the run (task-inputs.ts). */
  | { type: 'run'; id: number; task: EngineTask; inputs: EngineInputs }
  | { type: 'cancel'; id: number }
  | { type: 'packs'; id: number; refresh: boolean }
  | { type: 'shutdown' };

export interface ReadyMessage {
  type: 'ready';
  provider: ExecutionProvider;
  /** Tasks that have a runner. */
  tasks: EngineTask[];
  /** Tasks whose preferred runner batches concurrent calls (the scheduler lets them share a slot). */
  batching: EngineTask[];
  packs: PackListing[];
  skipped: SkippedPack[];
  /** Time the worker spent in init (imports, registry scan, provider probe). */
  initMs: number;
}

export type FromWorker =
  | ReadyMessage
  | { type: 'init-failed'; error: WireError }
  | { type: 'progress'; id: number; progress: EngineProgress }
  | { type: 'result'; id: number; result: EngineResult }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'packs'; id: number; packs: PackListing[]; skipped: SkippedPack[] }
  | { type: 'log'; level: EngineLogLevel; msg: string; data?: object };

/** An error as plain data; ScanlineErrors keep their code and params. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  params?: ErrorParams;
  stack?: string;
}

/**
 * Makes images ready to transfer: whole-buffer views are moved as they are;
 * views on a larger or shared buffer are copied first, so the sender's other
 * data is never detached. The returned images replace the originals.
 */
export function transferableImages(images: readonly RawImage[], transfer: Set<ArrayBuffer>): RawImage[] {
  return images.map((image) => {
    const own = transferableBytes(image.data, transfer);
    return own === image.data ? image : { ...image, data: own };
  });
}

/** The bytes as a whole-buffer view added to `transfer` (copied first when they are a view on more). */
export function transferableBytes(data: Uint8Array, transfer: Set<ArrayBuffer>): Uint8Array {
  const whole =
    data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  // new Uint8Array(view) copies; Buffer#slice would not (it shares memory like subarray).
  const own = whole ? data : new Uint8Array(data);
  transfer.add(own.buffer as ArrayBuffer);
  return own;
}

export function transferableInputs(inputs: EngineInputs): { inputs: EngineInputs; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const images = transferableImages(inputs.images, transfer);
  const files = inputs.codec?.files?.map((file) => ({ ...file, data: transferableBytes(file.data, transfer) }));
  return {
    inputs: { ...inputs, images, ...(inputs.codec && files ? { codec: { ...inputs.codec, files } } : {}) },
    transfer: [...transfer],
  };
}

export function transferableResult(result: EngineResult): { result: EngineResult; transfer: ArrayBuffer[] } {
  if (!result.images && !result.files) return { result, transfer: [] };
  const transfer = new Set<ArrayBuffer>();
  const files = result.files?.map((file) => {
    // sharp's output buffers cannot be transferred (postMessage would clone them on both threads): copy here.
    const data = new Uint8Array(file.data);
    transfer.add(data.buffer);
    return { ...file, data };
  });
  return {
    result: {
      ...result,
      ...(result.images ? { images: transferableImages(result.images, transfer) } : {}),
      ...(files ? { files } : {}),
    },
    transfer: [...transfer],
  };
}

export function transferableProgress(progress: EngineProgress): {
  progress: EngineProgress;
  transfer: ArrayBuffer[];
} {
  if (!progress.image) return { progress, transfer: [] };
  const transfer = new Set<ArrayBuffer>();
  const [image] = transferableImages([progress.image], transfer);
  return { progress: { ...progress, image }, transfer: [...transfer] };
}

/** Checks that an image's buffer holds exactly width x height x channels bytes. */
export function checkRawImage(image: RawImage, what: string): void {
  const expected = image.width * image.height * image.channels;
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width <= 0 || image.height <= 0) {
    throw new TypeError(`${what}: width and height must be positive integers (${image.width}x${image.height})`);
  }
  if (image.data.length !== expected) {
    throw new TypeError(
      `${what}: ${image.width}x${image.height}x${image.channels} needs ${expected} bytes, got ${image.data.length}` +
        (image.data.byteLength === 0 ? ' (the buffer was detached: was it already sent to the engine?)' : ''),
    );
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ScanlineError) {
    return { name: error.name, message: error.message, code: error.code, params: error.params, stack: error.stack };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

/** Rebuilds a worker error on the main side: ScanlineError, AbortError, or a plain Error with the worker's stack. */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'AbortError') return abortError(wire.message);
  if (wire.code !== undefined) {
    try {
      return new ScanlineError(wire.code as ErrorCode, wire.params ?? {});
    } catch {
      // An unknown code (a newer worker?) falls through to a plain error.
    }
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack) error.stack = `${wire.stack}\n    --- in the inference worker`;
  return error;
}

export function abortError(message = 'The engine run was cancelled'): Error {
  return new DOMException(message, 'AbortError');
}
