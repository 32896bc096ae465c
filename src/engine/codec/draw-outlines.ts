import sharp from 'sharp';
import type { RawImage } from '../types.js';

/** A shape to outline: pixel box, or the polygon when there is one. */
export interface OutlineShape {
  box: [number, number, number, number];
  polygon?: [number, number][];
}

// A palette that stays readable on light and dark photos.
const COLORS = ['#ff3b30', '#34c759', '#007aff', '#ff9500', '#af52de', '#00c7be', '#ffcc00', '#ff2d55'];

/**
 * Draws numbered outlines over the image. Labels are numbers (the reply lists
 * what each number is), so no font is needed for any script.
 */
export async function drawOutlines(image: RawImage, shapes: readonly OutlineShape[]): Promise<RawImage> {
  const { width, height } = image;
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 300));
  const fontSize = Math.max(12, Math.round(Math.min(width, height) / 40));
  const drawn = shapes.map((a, i) => {
    const color = COLORS[i % COLORS.length];
    const [x1, y1, x2, y2] = a.box.map((v) => Math.round(v)) as [number, number, number, number];
    const points = a.polygon?.map(([x, y]) => [Math.round(x), Math.round(y)] as const) ?? [
      [x1, y1],
      [x2, y1],
      [x2, y2],
      [x1, y2],
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
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${drawn.join('')}</svg>`;
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
