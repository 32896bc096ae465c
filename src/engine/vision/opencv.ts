// opencv.js (one 7.7 MB emscripten build) loaded once per thread. Mats live on
// the wasm heap: every helper deletes the Mats it makes.
import { createRequire } from 'node:module';
import type * as CV from '@techstark/opencv-js';
import type { RawImage } from '../types.js';
import { withoutAddedProcessHandlers } from './emscripten-listeners.js';

export type OpenCv = typeof CV;
export type Mat = CV.Mat;

let loading: Promise<OpenCv> | undefined;

interface EmscriptenModule {
  then?: (resolve: (module: EmscriptenModule) => void) => void;
  Mat?: unknown;
}

/** The opencv.js module once its runtime is ready. */
export function loadOpenCv(): Promise<OpenCv> {
  loading ??= withoutAddedProcessHandlers(
    () =>
      new Promise<OpenCv>((resolve) => {
        const require = createRequire(import.meta.url);
        const mod = require('@techstark/opencv-js') as EmscriptenModule;
        // The module is a thenable that resolves to itself: awaiting it directly never settles.
        const ready = (m: EmscriptenModule): void => {
          delete m.then;
          resolve(m as unknown as OpenCv);
        };
        if (typeof mod.then === 'function') mod.then(ready);
        else ready(mod);
      }),
  ).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Runs `body` and deletes every Mat it registered, whatever happens. */
export function withMats<T>(body: (track: <M extends Mat>(mat: M) => M) => T): T {
  const mats: Mat[] = [];
  try {
    return body((mat) => {
      mats.push(mat);
      return mat;
    });
  } finally {
    for (const m of mats) m.delete();
  }
}

/** An RGB Mat (CV_8UC3) holding a copy of the image (alpha dropped). */
export function rgbMat(cv: OpenCv, image: RawImage): Mat {
  const mat = new cv.Mat(image.height, image.width, cv.CV_8UC3);
  const dst = mat.data;
  const src = image.data;
  if (image.channels === 3) {
    dst.set(src.subarray(0, image.width * image.height * 3));
  } else {
    for (let i = 0, j = 0; j < dst.length; i += 4, j += 3) {
      dst[j] = src[i] ?? 0;
      dst[j + 1] = src[i + 1] ?? 0;
      dst[j + 2] = src[i + 2] ?? 0;
    }
  }
  return mat;
}
