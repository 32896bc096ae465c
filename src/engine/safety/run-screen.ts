// One run's safety screen in the inference worker: every image the run uses or makes is
// classified where it is (inputs once decoded, previews as the runner reports them, results
// before they are encoded) and its scores travel with it. Deciding what to post is the caller's.
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ScanlineError } from '../../common/errors.js';
import type { EngineProgress, RawImage, SafetyScores, SafetyScreen } from '../types.js';
import { classifyImage, loadNsfwModel } from './nsfw-model.js';
import { adultScore, formatScores } from './scores.js';

export class RunScreen {
  /** Wall time spent classifying in this run. */
  ms = 0;
  /** Images classified in this run. */
  count = 0;
  private lastPreview = -Infinity;

  private constructor(
    private readonly model: LayersModel,
    private readonly request: SafetyScreen,
    /** Score the previews and results too (false: only the inputs). */
    readonly outputs: boolean,
    private readonly now: () => number,
  ) {}

  /** Loads the classifier (once per worker) for a run that asked for a screen. */
  static async open(request: SafetyScreen, opts: { outputs?: boolean; now?: () => number } = {}): Promise<RunScreen> {
    return new RunScreen(await loadNsfwModel(), request, opts.outputs ?? true, opts.now ?? (() => performance.now()));
  }

  score(image: RawImage): SafetyScores {
    const started = this.now();
    try {
      return classifyImage(this.model, image);
    } finally {
      this.ms += this.now() - started;
      this.count += 1;
    }
  }

  /** Scores the inputs, in order; throws `input_unsafe` at the first one over the refusal threshold. */
  inputs(images: readonly RawImage[], names: readonly string[]): SafetyScores[] {
    return images.map((image, i) => {
      const scores = this.score(image);
      const { refuseInputsAt } = this.request;
      const adult = adultScore(scores);
      if (refuseInputsAt !== undefined && adult.score >= refuseInputsAt) {
        // `scores` is not in the sentence: it is there for the caller's decision log.
        const params = {
          name: names[i] ?? `image ${i + 1}`,
          label: adult.label,
          score: adult.score.toFixed(2),
          scores: formatScores(scores),
        };
        throw new ScanlineError('input_unsafe', params);
      }
      return scores;
    });
  }

  /**
   * A progress step as it leaves the worker: its preview scored, or sent without the frame when the
   * last scored frame is more recent than `previewIntervalMs` (the caller could not show it anyway,
   * and a frame it cannot check it must not show).
   */
  progress(progress: EngineProgress): EngineProgress {
    if (!progress.image || !this.outputs) return progress;
    const now = this.now();
    if (now - this.lastPreview < (this.request.previewIntervalMs ?? 0)) {
      const rest = { ...progress };
      delete rest.image;
      return rest;
    }
    this.lastPreview = now;
    return { ...progress, safety: this.score(progress.image) };
  }
}
