import type { EditSkipReason, EditStep } from '../../common/edit-step.js';
import { parseColor } from '../../common/colors.js';
import { fullMask, type MaskProvider } from './mask-provider.js';
import type { RawImage } from './raw.js';
import { adjust } from './steps/adjust.js';
import { background } from './steps/background.js';
import { blur } from './steps/blur.js';
import { caption } from './steps/caption.js';
import { crop } from './steps/crop.js';
import { flip } from './steps/flip.js';
import { grayscale } from './steps/grayscale.js';
import { invert } from './steps/invert.js';
import { vignette } from './steps/vignette.js';
import { pad } from './steps/pad.js';
import { recolor } from './steps/recolor.js';
import { longSideFor, resize, scale } from './steps/resize.js';
import { rotate } from './steps/rotate.js';
import { sharpen } from './steps/sharpen.js';
import { isStyle, STYLES } from './styles.js';

export interface StepContext {
  /** Throws when the job was cancelled (the worker's check, or an AbortSignal's in tests). */
  throwIfAborted(): void;
  maskProvider?: MaskProvider;
}

/** Why a step cannot run here, known before it starts: it needs object masks, or nothing in this build does it. */
export type StepBlocker = Extract<EditSkipReason, 'needs_mask' | 'unsupported'>;

/** Targets that mean the whole picture: no mask needed. */
const WHOLE_IMAGE = new Set(['image', 'it', 'everything', 'all']);

export function stepBlocker(step: EditStep, hasMaskProvider: boolean): StepBlocker | undefined {
  switch (step.op) {
    case 'style':
      return isStyle(step.style) ? undefined : 'unsupported';
    case 'recolor':
      if (!parseColor(step.color)) return 'unsupported';
      return WHOLE_IMAGE.has(step.target) || hasMaskProvider ? undefined : 'needs_mask';
    case 'background':
      return hasMaskProvider ? undefined : 'needs_mask';
    case 'remove':
      // Removing an object needs inpainting as well as a mask; neither ships yet.
      return 'unsupported';
    default:
      return undefined;
  }
}

async function maskFor(image: RawImage, target: string, ctx: StepContext): Promise<Uint8Array> {
  if (WHOLE_IMAGE.has(target)) return fullMask(image);
  if (!ctx.maskProvider) throw new Error(`step needs a mask for "${target}" but no mask provider is set`);
  const mask = await ctx.maskProvider.mask(image, target, ctx);
  if (mask.length !== image.width * image.height) {
    throw new Error(`mask provider returned ${mask.length} values for ${image.width}x${image.height}`);
  }
  return mask;
}

/** Applies one edit step; never changes the input buffer. */
export async function runStep(image: RawImage, step: EditStep, ctx: StepContext): Promise<RawImage> {
  switch (step.op) {
    case 'grayscale':
      return grayscale(image);
    case 'style':
      if (!isStyle(step.style)) throw new Error(`unknown style ${step.style}`);
      return STYLES[step.style](image);
    case 'adjust':
      return adjust(image, step.property, step.amount);
    case 'blur':
      return blur(image, step.sigma);
    case 'sharpen':
      return sharpen(image);
    case 'crop':
      return crop(image, step);
    case 'rotate':
      return rotate(image, step.degrees);
    case 'flip':
      return flip(image, step.axis);
    case 'resize':
      return resize(image, longSideFor(image.width, image.height, step));
    case 'scale':
      // Lanczos: the edit runner sends enlargements to the upscaler (ESRGAN) before they get here.
      return scale(image, step.factor);
    case 'pad':
      return pad(image, step.aspect, step.fill);
    case 'invert':
      return invert(image);
    case 'vignette':
      return vignette(image, step.strength);
    case 'caption':
      return caption(image, step.text, step.position);
    case 'recolor': {
      const color = parseColor(step.color);
      if (!color) throw new Error(`unknown colour ${step.color}`);
      // A named object changes its own colour; "make it blue" tints the whole picture.
      return recolor(image, color, await maskFor(image, step.target, ctx), {
        ownColour: !WHOLE_IMAGE.has(step.target),
      });
    }
    case 'background':
      return background(image, step.mode, await maskFor(image, 'foreground', ctx), step.value);
    case 'remove':
      throw new Error('object removal is not available');
    case 'combine':
    case 'before-after':
    case 'background-from':
      // They read several images: the runner runs them (runner.ts).
      throw new Error(`${step.op} takes several images; the edit runner runs it`);
  }
}
