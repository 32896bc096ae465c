import type { RawImage } from './raw.js';
import { brushStrokes } from './steps/brush-strokes.js';
import { cartoon } from './steps/cartoon.js';
import { oilPaint } from './steps/oil-paint.js';
import { pencilSketch } from './steps/pencil-sketch.js';
import { pixelArt } from './steps/pixel-art.js';
import { sepia } from './steps/sepia.js';
import { oldPhoto, vintage } from './steps/vintage.js';
import { watercolor } from './steps/watercolor.js';

/** Every `style` an edit plan may name, and the step that draws it. */
export const STYLES = {
  sepia,
  vintage,
  'old-photo': oldPhoto,
  oil: oilPaint,
  sketch: pencilSketch,
  cartoon,
  watercolor,
  'van-gogh': brushStrokes,
  'pixel-art': pixelArt,
} satisfies Record<string, (image: RawImage) => Promise<RawImage>>;

export type StyleName = keyof typeof STYLES;

export function isStyle(value: string): value is StyleName {
  return Object.hasOwn(STYLES, value);
}
