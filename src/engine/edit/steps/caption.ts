import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { fromSharp, toSharp, type RawImage } from '../raw.js';
import { emojiIn, setText } from './caption-text.js';

const require = createRequire(import.meta.url);

/** Noto Sans SC Bold (real TTF from @expo-google-fonts/noto-sans-sc): Latin and CJK in one face, no tofu. */
export const CAPTION_FONT_FILE = path.join(
  path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/index.js')),
  'NotoSansSC_700Bold.ttf',
);
const CAPTION_FONT = 'Noto Sans SC Bold';

/** Glyph size relative to the image, and the largest share of its height a caption may take. */
const SIZE_OF_SHORT_SIDE = 0.075;
const SIZE_OF_WIDTH = 0.06;
const MAX_HEIGHT_SHARE = 0.4;
const MIN_FONT_PX = 10;

interface RenderedText {
  png: Buffer;
  width: number;
  height: number;
}

async function renderText(text: string, fontPx: number, maxWidth: number): Promise<RenderedText> {
  const set = await setText(text, {
    font: { file: CAPTION_FONT_FILE, description: CAPTION_FONT },
    color: '#ffffff',
    sizePx: fontPx,
    width: maxWidth,
    align: 'centre',
    // Chinese breaks between words; a word wider than the line may still break inside.
    wrap: 'word-char',
    breaks: 'word',
    spacing: Math.round(fontPx * 0.15),
  });
  const png = set.emoji
    ? await sharp(set.png)
        .composite([{ input: set.emoji }])
        .png()
        .toBuffer()
    : set.png;
  return { png, width: set.width, height: set.height };
}

/**
 * Draws the text, wrapped to the image width, in white on a rounded dark box
 * (readable on any background), centred at the top or bottom. Size follows the image.
 */
export async function caption(image: RawImage, text: string, position: 'top' | 'bottom'): Promise<RawImage> {
  const { width, height } = image;
  // Emoji that cannot be drawn (flags) are left out rather than shown as boxes.
  const { dropped } = await emojiIn(text);
  const clean = dropped
    .reduce((t, e) => t.replace(e, ' '), text)
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return image;
  let fontPx = Math.max(
    MIN_FONT_PX,
    Math.round(Math.min(Math.min(width, height) * SIZE_OF_SHORT_SIDE, width * SIZE_OF_WIDTH)),
  );
  let pad = Math.round(fontPx * 0.45);
  let rendered = await renderText(clean, fontPx, width * 0.92 - 2 * pad);
  for (
    let tries = 0;
    tries < 5 && rendered.height + 2 * pad > height * MAX_HEIGHT_SHARE && fontPx > MIN_FONT_PX;
    tries += 1
  ) {
    fontPx = Math.max(MIN_FONT_PX, Math.floor(fontPx * 0.75));
    pad = Math.round(fontPx * 0.45);
    rendered = await renderText(clean, fontPx, width * 0.92 - 2 * pad);
  }
  let textPng = rendered.png;
  let textW = rendered.width;
  let textH = rendered.height;
  const room = { w: Math.max(1, width - 2 * pad), h: Math.max(1, height - 2 * pad) };
  if (textW > room.w || textH > room.h) {
    // A tiny image: shrink the text to fit rather than fail.
    const fitted = await sharp(textPng)
      .resize(room.w, room.h, { fit: 'inside' })
      .png()
      .toBuffer({ resolveWithObject: true });
    textPng = fitted.data;
    textW = fitted.info.width;
    textH = fitted.info.height;
  }
  const boxW = Math.min(width, textW + 2 * pad);
  const boxH = Math.min(height, textH + 2 * pad);
  const margin = Math.max(0, Math.min(height - boxH, Math.round(height * 0.035)));
  const left = Math.floor((width - boxW) / 2);
  const top = position === 'top' ? Math.min(margin, height - boxH) : Math.max(0, height - boxH - margin);
  const radius = Math.round(Math.min(boxH, boxW) * 0.18);
  const box = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${boxW}" height="${boxH}"><rect x="0" y="0" width="${boxW}" height="${boxH}" rx="${radius}" ry="${radius}" fill="#000000" fill-opacity="0.62"/></svg>`,
  );
  return fromSharp(
    toSharp(image).composite([
      { input: box, left, top },
      {
        input: textPng,
        left: left + Math.floor((boxW - textW) / 2),
        top: top + Math.floor((boxH - textH) / 2),
      },
    ]),
    image.channels,
  );
}
