// Decides after which finished token rows a scanline preview is decoded, so
// previews cost at most a set share of the generation's wall time.

export interface PreviewScheduleOptions {
  /** Largest share of total time spent on previews (0.15 = 15%). */
  maxShare: number;
  /** Token rows in the image; the last row is never previewed (the final image follows). */
  rows: number;
}

/**
 * Keeps the running totals: a preview is allowed when, counting it, previews
 * stay within maxShare of (generation + previews). The decode estimate is the
 * last measured preview cost, so k (rows between previews) follows the real
 * decode cost instead of a constant.
 */
export class PreviewSchedule {
  private readonly opts: PreviewScheduleOptions;
  private generationMs = 0;
  private previewMs = 0;
  private estimateMs: number;
  private count = 0;

  constructor(opts: PreviewScheduleOptions, initialEstimateMs: number) {
    if (!(opts.maxShare > 0 && opts.maxShare < 1)) throw new Error('maxShare must be in (0, 1)');
    this.opts = opts;
    this.estimateMs = Math.max(0, initialEstimateMs);
  }

  addGeneration(ms: number): void {
    this.generationMs += ms;
  }

  /** True when a preview after `rowsDone` finished rows fits the budget. */
  shouldPreview(rowsDone: number): boolean {
    if (rowsDone < 1 || rowsDone >= this.opts.rows) return false;
    const share = this.opts.maxShare;
    return this.previewMs + this.estimateMs <= (share / (1 - share)) * this.generationMs;
  }

  recordPreview(ms: number): void {
    this.previewMs += ms;
    this.estimateMs = ms;
    this.count++;
  }

  get previews(): number {
    return this.count;
  }

  get previewTotalMs(): number {
    return this.previewMs;
  }
}
