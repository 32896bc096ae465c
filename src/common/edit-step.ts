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
  /** Centre crop to `aspect`, or to `box` given as x1, y1, x2, y2 in 0-1000 of the image. */
  | { op: 'crop'; aspect?: AspectRatio; box?: [number, number, number, number] }
  /** Clockwise; multiples of 90 are lossless, other angles are straightened (cropped to the original aspect). */
  | { op: 'rotate'; degrees: number }
  | { op: 'flip'; axis: 'horizontal' | 'vertical' }
  /** Lanczos resampling keeping the aspect ratio, to exactly one of: the long side, the width, the height (pixels). */
  | { op: 'resize'; longSide?: number; width?: number; height?: number }
  /** Lanczos resampling by a factor (> 1 enlarges; this is not AI upscaling). */
  | { op: 'scale'; factor: number }
  /** Aspect change by padding: `fill` is 'blur' (blurred copy of the image) or a colour. */
  | { op: 'pad'; aspect: AspectRatio; fill: string }
  | { op: 'invert' }
  /** Darker corners; `strength` 0-1 is how dark the very corners get (default 0.45). */
  | { op: 'vignette'; strength?: number }
  | { op: 'recolor'; target: string; color: string }
  | { op: 'background'; mode: 'remove' | 'color' | 'blur' | 'replace'; value?: string }
  | { op: 'caption'; text: string; position: 'top' | 'bottom' }
  | { op: 'remove'; target: string };

/** Why the runner left a step out: no object masks here, the object is not in the picture, or nothing does it yet. */
export const EDIT_SKIP_REASONS = ['needs_mask', 'target_not_found', 'unsupported'] as const;
export type EditSkipReason = (typeof EDIT_SKIP_REASONS)[number];

/** What became of one step, in program order (the edit runner's `meta.steps`). */
export type EditStepOutcome =
  { status: 'done'; ms: number } | { status: 'skipped'; reason: EditSkipReason; ms: number };
