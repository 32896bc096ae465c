import sharp from 'sharp';
import type { RawImage, Region } from '../engine/types.js';
import type { Annotation } from './types.js';

/** Qwen-VL style coordinates: each axis mapped to 0-1000 of the image. */
export function toBox1000(
  box: [number, number, number, number],
  width: number,
  height: number,
): [number, number, number, number] {
  const sx = 1000 / width;
  const sy = 1000 / height;
  const clamp = (v: number) => Math.max(0, Math.min(1000, Math.round(v)));
  return [clamp(box[0] * sx), clamp(box[1] * sy), clamp(box[2] * sx), clamp(box[3] * sy)];
}

export function regionsToAnnotations(
  regions: readonly Region[],
  kind: Annotation['kind'],
  width: number,
  height: number,
): Annotation[] {
  return regions.map((r) => ({
    kind,
    label: r.label,
    score: Math.round(r.score * 1000) / 1000,
    box: r.box.map((v) => Math.round(v)) as [number, number, number, number],
    box1000: toBox1000(r.box, width, height),
    ...(r.polygon ? { polygon: r.polygon.map(([x, y]) => [Math.round(x), Math.round(y)] as [number, number]) } : {}),
  }));
}

// A palette that stays readable on light and dark photos.
const COLORS = ['#ff3b30', '#34c759', '#007aff', '#ff9500', '#af52de', '#00c7be', '#ffcc00', '#ff2d55'];

/**
 * Draws numbered outlines over the image. Labels are numbers (the reply lists
 * what each number is), so no font is needed for any script.
 */
export async function drawAnnotations(image: RawImage, annotations: readonly Annotation[]): Promise<RawImage> {
  const { width, height } = image;
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 300));
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 40));
  const shapes = annotations.map((a, i) => {
    const color = COLORS[i % COLORS.length];
    const points = a.polygon ?? [
      [a.box[0], a.box[1]],
      [a.box[2], a.box[1]],
      [a.box[2], a.box[3]],
      [a.box[0], a.box[3]],
    ];
    const [lx, ly] = points[0] ?? [0, 0];
    const tagW = fontSize * (String(i + 1).length * 0.62 + 0.6);
    const tagY = Math.max(0, ly - fontSize * 1.2);
    return [
      `<polygon points="${points.map(([x, y]) => `${x},${y}`).join(' ')}" fill="none" stroke="${color}" stroke-width="${stroke}"/>`,
      `<rect x="${lx}" y="${tagY}" width="${tagW}" height="${fontSize * 1.2}" fill="${color}"/>`,
      `<text x="${lx + fontSize * 0.3}" y="${tagY + fontSize}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#fff">${i + 1}</text>`,
    ].join('');
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
  const { data, info } = await sharp(image.data, { raw: { width, height, channels: image.channels } })
    .flatten({ background: '#ffffff' })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
    channels: 3,
  };
}
