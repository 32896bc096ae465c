// Super-resolution for the edit program's enlarging scale steps (ESRGAN on tfjs wasm).
export { upscale, preferredPack, modelScaleFor, MEDIUM_MAX_PIXELS, TILE_SIDE } from './upscale.js';
export type { UpscaleOptions, Upscaled } from './upscale.js';
export { disposeEsrgans } from './esrgan.js';
export { ESRGAN_ARCHITECTURE, ESRGAN_PACKS, ESRGAN_NPM_PACKS } from './esrgan-packs.js';
export type { EsrganPack } from './esrgan-packs.js';
