// The edit program: what the planner (pipeline) writes and the edit runner
// (engine) executes. Plain data, so a plan can be printed, tested and replayed.

export interface AspectRatio {
  w: number;
  h: number;
}

/** One step of an edit program. */
export type EditStep =
  | { op: 'grayscale' }
  /** Looks built from image operations: sepia, vintage, old-photo, oil, sketch, cartoon, watercolor, van-gogh, pixel-art. */
  | { op: 'style'; style: string }
  /** `amount` is relative: +0.25 is 25% more, -0.25 is 25% less. */
  | { op: 'adjust'; property: 'brightness' | 'contrast' | 'saturation' | 'warmth'; amount: number }
  /** `sigma` in pixels of a 1000-pixel long side, so the look is the same at any size. */
  | { op: 'blur'; sigma: number }
  | { op: 'sharpen' }
  /** Crop to `aspect` placed to keep the detected main subject (centred when none), or to `box` (x1, y1, x2, y2 in 0-1000). */
  | { op: 'crop'; aspect?: AspectRatio; box?: [number, number, number, number] }
  /** Clockwise; multiples of 90 are lossless, other angles are straightened (cropped to the original aspect). */
  | { op: 'rotate'; degrees: number }
  | { op: 'flip'; axis: 'horizontal' | 'vertical' }
  /** Lanczos resampling keeping the aspect ratio, to exactly one of: the long side, the width, the height (pixels). */
  | { op: 'resize'; longSide?: number; width?: number; height?: number }
  /** By a factor: > 1 is super-resolution (ESRGAN; Lanczos when no model can run, said in the outcome), < 1 Lanczos. */
  | { op: 'scale'; factor: number }
  /** Aspect change by padding: `fill` is 'blur' (blurred copy of the image) or a colour. */
  | { op: 'pad'; aspect: AspectRatio; fill: string }
  | { op: 'invert' }
  /** Darker corners; `strength` 0-1 is how dark the very corners get (default 0.45). */
  | { op: 'vignette'; strength?: number }
  | { op: 'recolor'; target: string; color: string }
  | { op: 'background'; mode: 'remove' | 'color' | 'blur' | 'replace'; value?: string }
  | { op: 'caption'; text: string; position: 'top' | 'bottom' }
  | { op: 'remove'; target: string }
  /** Joins every input image (upload order): heights (or widths, `stack`) matched by scaling; `gap` per 1000 px of that size. */
  | { op: 'combine'; layout: CombineLayout; gap?: number; background?: string }
  /** The first image before the rest of the program and after it, labelled; with no other step, images 1 and 2. */
  | { op: 'before-after'; layout?: 'side-by-side' | 'stack'; labels?: [string, string] }
  /** The subject of the other image cut out onto image `index` (1-based, upload order), scaled to cover. */
  | { op: 'background-from'; index: number };

export type CombineLayout = 'side-by-side' | 'stack' | 'grid';

/** Steps that read more than one input image. */
export const MULTI_IMAGE_OPS: ReadonlySet<EditStep['op']> = new Set(['combine', 'before-after', 'background-from']);

/** How many input images a program reads: all for combine/background-from, two for a bare before-after, else one. */
export function imagesRead(steps: readonly EditStep[], available: number): number {
  if (steps.some((s) => s.op === 'combine')) return available;
  const from = steps.find((s) => s.op === 'background-from');
  if (from) return Math.min(available, Math.max(2, from.index));
  if (steps.every((s) => s.op === 'before-after')) return Math.min(available, 2);
  return Math.min(available, 1);
}

/** Why the runner left a step out: no object masks here, the object is not in the picture, nothing does it yet, or one image where it takes two. */
export const EDIT_SKIP_REASONS = ['needs_mask', 'target_not_found', 'unsupported', 'needs_images'] as const;
export type EditSkipReason = (typeof EDIT_SKIP_REASONS)[number];

/** What became of one step, in program order (the edit runner's `meta.steps`). */
export type EditStepOutcome =
  | {
      status: 'done';
      ms: number;
      /** Aspect crops: the detected subject the window kept (its label), or null when none was found (centred). */
      subject?: string | null;
      /** Mask steps: what was doubtful about the mask (a rough cut-out, a "maybe" detection); absent when nothing was. */
      mask?: MaskNote;
      /** Captions: emoji that could not be drawn (flags, sequences the emoji set lacks), left out of the text. */
      emojiDropped?: string[];
      /** Scale steps that enlarge: how the pixels were made (a super-resolution model, or Lanczos and why). */
      upscale?: UpscaleNote;
    }
  | { status: 'skipped'; reason: EditSkipReason; ms: number };

/** Why a GrabCut cut-out is rough: it took background, missed part of the object, its outline misses the edges, or it is the box. */
export const ROUGH_MASK_REASONS = ['background', 'partial', 'outline', 'box'] as const;
export type RoughMaskReason = (typeof ROUGH_MASK_REASONS)[number];

/** What was doubtful about the masks of one step. */
export interface MaskNote {
  quality?: 'rough';
  reasons?: RoughMaskReason[];
  /** The detection behind the mask when it was a "maybe" (below the calibrated score) or another kind standing in. */
  found?: { label: string; score: number; standIn?: boolean };
  /**
   * With a rough cut-out: the pulled pack that would do better (`birefnet-lite`, `slimsam-77`), or null when a
   * pulled pack made the mask (nothing better to name); absent: the IS-Net plugin is the way to better masks.
   */
  pull?: string | null;
  /** An installed pulled mask pack that failed on this step's mask: a fallback made it. */
  packError?: { pack: string; error: string };
}

/** Why an enlargement fell back to Lanczos: no model installed, the model failed, or its output would pass the output limits. */
export const LANCZOS_REASONS = ['no_model', 'model_failed', 'over_limit'] as const;
export type LanczosReason = (typeof LANCZOS_REASONS)[number];

/** How an enlarging scale step made its pixels, and the size it reached (smaller than asked when capped by the output limits). */
export type UpscaleNote = {
  width: number;
  height: number;
  /** The asked size passed the output limits: the result is the largest allowed. */
  capped?: boolean;
} & (
  | {
      method: 'esrgan';
      /** The model pack (`esrgan-slim`, `esrgan-medium`) and the model scale it ran at. */
      pack: string;
      modelScale: number;
      /** Lanczos took the model's output to the asked size (1.5x from the x2 model, 5x from x4...). */
      resampled: boolean;
    }
  | { method: 'lanczos'; reason: LanczosReason }
);
