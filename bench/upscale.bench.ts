import sharp from 'sharp';
import { createPackRegistry } from '../src/engine/pack-registry.js';
import type { RawImage } from '../src/engine/types.js';
import { ESRGAN_NPM_PACKS, ESRGAN_PACKS, TILE_SIDE, upscale, type EsrganPack } from '../src/engine/upscale/index.js';
import { loadDebianPhoto, loadPhoto } from '../test/fixtures/photos/photos.js';

const packs = createPackRegistry({ modelsDirs: [], npmPacks: ESRGAN_NPM_PACKS }, () => undefined);
const running = { throwIfAborted: () => undefined };

function raw(data: Buffer, width: number, height: number): RawImage {
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 3 };
}

async function resized(image: RawImage, width: number, height: number, kernel: 'lanczos3' | 'cubic') {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel })
    .raw()
    .toBuffer();
  return raw(data, width, height);
}

async function centreCrop(image: RawImage, width: number, height: number): Promise<RawImage> {
  const left = Math.floor((image.width - width) / 2);
  const top = Math.floor((image.height - height) / 2);
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .raw()
    .toBuffer();
  return raw(data, width, height);
}

/** PSNR in dB over RGB. */
function psnr(a: RawImage, b: RawImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 1) sum += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.data.length));
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) times.push((await timed(work))[1]);
  return times.sort((a, b) => a - b)[1]!;
}

const short = (pack: EsrganPack) => pack.replace('esrgan-', '');

/** Wall time per input and output megapixel, ESRGAN (tiled, as the edit runner runs it) against sharp's Lanczos. */
async function speed(): Promise<void> {
  const photo = await loadPhoto('astronaut.jpg');
  const inputs: [string, number][] = [
    ['256²', 256],
    ['512²', 512],
    ['1024² (1 MP)', 1024],
  ];
  // Loads every model and warms the wasm kernels, so the first row is not the cold start.
  for (const pack of ESRGAN_PACKS)
    for (const f of [2, 4]) await upscale(await resized(photo, 32, 32, 'lanczos3'), f, { packs, ...running, pack });
  console.log(
    `\n## Upscale speed: ESRGAN on tfjs wasm (tiles of ${TILE_SIDE}², one run each) vs sharp Lanczos (median of 3)\n`,
  );
  console.log('RSS: the process after the row (the wasm heap only grows, so it is the peak so far).\n');
  console.log(
    '| input | model | scale | output | ESRGAN s | s / input MP | s / output MP | Lanczos ms | ESRGAN / Lanczos | RSS MB |',
  );
  console.log('|---|---|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const [label, side] of inputs) {
    const input = await resized(photo, side, side, 'lanczos3');
    const inMp = (side * side) / 1e6;
    for (const pack of ESRGAN_PACKS) {
      for (const f of [2, 4]) {
        const [out, ms] = await timed(() => upscale(input, f, { packs, ...running, pack }));
        if (out.note.method !== 'esrgan')
          throw new Error(`${pack} x${f} fell back to Lanczos: ${JSON.stringify(out.note)}`);
        const lanczosMs = await medianMs(() => resized(input, side * f, side * f, 'lanczos3'));
        const outMp = (out.image.width * out.image.height) / 1e6;
        console.log(
          `| ${label} | ${short(pack)} | x${f} | ${out.image.width}² | ${(ms / 1000).toFixed(2)} | ${(ms / 1000 / inMp).toFixed(1)} | ${(ms / 1000 / outMp).toFixed(2)} | ${lanczosMs.toFixed(0)} | ${(ms / lanczosMs).toFixed(0)}x | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} |`,
        );
      }
    }
  }
}

/**
 * Round trip: a centre crop of each photo shrunk by the scale (bicubic, as the
 * models' DIV2K training pairs were made), enlarged back by each method, PSNR
 * against the crop. Higher is closer to the real detail.
 */
async function quality(): Promise<void> {
  const photos: [string, RawImage | undefined][] = [
    ['chelsea-cat', await loadPhoto('chelsea-cat.jpg')],
    ['coffee-cup', await loadPhoto('coffee-cup.jpg')],
    ['astronaut', await loadPhoto('astronaut.jpg')],
    ['dog-bicycle', await loadDebianPhoto('dog-bicycle')],
    ['motorcycle', await loadDebianPhoto('motorcycle')],
  ];
  console.log(
    `\n## Upscale quality: a centre crop (384² or the photo's short side) shrunk by the scale (bicubic), enlarged back, PSNR dB vs the crop\n`,
  );
  console.log('| photo | scale | Lanczos | ESRGAN slim | ESRGAN medium | slim − Lanczos | medium − Lanczos |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  // Per scale: Lanczos, slim, medium summed over the photos.
  const sums = new Map<number, [number, number, number]>([
    [2, [0, 0, 0]],
    [4, [0, 0, 0]],
  ]);
  let counted = 0;
  for (const [name, photo] of photos) {
    if (!photo) {
      console.log(`| ${name} | (not on this machine: scripts/get-test-photos.sh) | | | | | |`);
      continue;
    }
    counted += 1;
    // A multiple of 4 for the x4 round trip.
    const SIDE = Math.floor(Math.min(384, photo.width, photo.height) / 4) * 4;
    const crop = await centreCrop(photo, SIDE, SIDE);
    for (const f of [2, 4]) {
      const small = await resized(crop, SIDE / f, SIDE / f, 'cubic');
      const lanczos = psnr(crop, await resized(small, SIDE, SIDE, 'lanczos3'));
      const [slim, medium] = await Promise.all(
        ESRGAN_PACKS.map(async (pack) => psnr(crop, (await upscale(small, f, { packs, ...running, pack })).image)),
      );
      const sum = sums.get(f)!;
      sum[0] += lanczos;
      sum[1] += slim!;
      sum[2] += medium!;
      console.log(
        `| ${name} | x${f} | ${lanczos.toFixed(2)} | ${slim!.toFixed(2)} | ${medium!.toFixed(2)} | ${(slim! - lanczos).toFixed(2)} | ${(medium! - lanczos).toFixed(2)} |`,
      );
    }
  }
  for (const f of [2, 4]) {
    const [l, s, m] = sums.get(f)!.map((v) => v / counted) as [number, number, number];
    console.log(
      `| **mean of ${counted}** | x${f} | ${l.toFixed(2)} | ${s.toFixed(2)} | ${m.toFixed(2)} | ${(s - l).toFixed(2)} | ${(m - l).toFixed(2)} |`,
    );
  }
}

/** ESRGAN slim and medium at x2 and x4: time per megapixel against Lanczos, and round-trip PSNR on the test photos. */
export async function upscaleBench(): Promise<void> {
  await quality();
  await speed();
}
