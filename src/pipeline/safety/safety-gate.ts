// One job's safety gate: every engine run of the job asks the worker to classify its images
// (inputs before use, previews, results), previews the policy would not post are dropped before
// they reach the sink, and the finals are posted, blurred or withheld. Decisions are logged with
// the job id and scores (never the image); refusals reach the usage log as the job's failure code.
import type { Logger } from 'pino';
import { isScanlineError, ScanlineError } from '../../common/errors.js';
import { t } from '../../common/messages.js';
import { formatScores, type SafetyScores, type SafetyScreen } from '../../engine/index.js';
import type { SafetySettings } from '../settings/server-settings.js';
import type { EngineClient } from '../tasks/task-handler.js';
import type { EncodedImage, Locale, Requester, SinkBudget } from '../types.js';
import { adultAllowed, inputRefusal, verdict, type SafetyPlace, type SafetyVerdict } from './safety-policy.js';

export interface SafetyGateOptions {
  safety: SafetySettings;
  from: Requester;
  locale: Locale;
  budget: SinkBudget;
  /** The job's logger (it carries the job id). */
  log: Logger;
}

/** A job's screening, carried by its Work wherever the work runs. */
export interface WorkSafety extends SafetyScreen {
  policy: SafetySettings;
  place: SafetyPlace;
}

/**
 * The engine as a job's handler sees it: every run asks the worker to classify its images, and a
 * preview frame the policy would not post is dropped before the handler sees it.
 */
export function screenedEngine(inner: EngineClient, safety: WorkSafety): EngineClient {
  const { policy, place, ...screen } = safety;
  return {
    run: (task, inputs, opts = {}) => {
      const { onProgress } = opts;
      return inner.run(
        task,
        { ...inputs, safety: screen },
        {
          ...opts,
          ...(onProgress ? { onProgress: (p) => onProgress(postable(p, policy, place)) } : {}),
        },
      );
    },
  };
}

/** A progress step without its frame when the frame is scored and the policy would not post it. */
function postable<P extends { image?: unknown; safety?: SafetyScores }>(
  progress: P,
  policy: SafetySettings,
  place: SafetyPlace,
): P {
  if (!progress.image || !progress.safety) return progress;
  if (verdict(progress.safety, policy, place).action === 'post') return progress;
  const rest = { ...progress };
  delete rest.image;
  return rest;
}

export class SafetyGate {
  readonly place: SafetyPlace;
  /** Preview frames dropped because the policy would not post them. */
  previewsHidden = 0;
  private readonly opts: SafetyGateOptions;

  constructor(opts: SafetyGateOptions) {
    this.opts = opts;
    this.place = { adultAllowed: adultAllowed(opts.from, opts.safety), spoilers: opts.budget.spoilers === true };
  }

  /** What the work needs to screen its runs, as plain data (it may cross to a `scanline worker`). */
  workSafety(): WorkSafety {
    const refuseInputsAt = inputRefusal(this.opts.safety, this.place);
    const { budget } = this.opts;
    return {
      ...(refuseInputsAt !== undefined ? { refuseInputsAt } : {}),
      // The sink shows at most one frame per interval: the worker checks no more often than that.
      previewIntervalMs: budget.everyFrame ? 0 : budget.minIntervalMs,
      policy: { ...this.opts.safety },
      place: { ...this.place },
    };
  }

  /** Logs a refused input (the work failed with `input_unsafe`, here or on a worker). */
  noteRefusal(error: unknown): void {
    if (isScanlineError(error) && error.code === 'input_unsafe') {
      this.opts.log.info(
        { safety: { action: 'refuse_input', scores: error.params['scores'], input: error.params['name'] } },
        'safety decision',
      );
    }
  }

  /** A progress step as it may be shown: a scored frame the policy would not post is dropped (the step stays). */
  preview<P extends { image?: unknown; safety?: SafetyScores }>(progress: P): P {
    const shown = postable(progress, this.opts.safety, this.place);
    if (shown !== progress) this.previewsHidden += 1;
    return shown;
  }

  /**
   * The finals as they may be posted here: blurred ones marked `spoiler`, withheld ones left out
   * with a note. Throws `safety_withheld` when every image is withheld. Images the engine did not
   * score (the repo's random-weight test packs' noise, pictures the pipeline made from no model
   * output, test doubles) are posted as they are.
   */
  finals(images: readonly EncodedImage[]): { images: EncodedImage[]; notes: string[] } {
    const { locale, safety, log } = this.opts;
    const kept: EncodedImage[] = [];
    const notes: string[] = [];
    let withheld: Extract<SafetyVerdict, { action: 'withhold' }> | undefined;
    let count = 0;
    for (const [i, image] of images.entries()) {
      if (!image.safety) {
        kept.push(image);
        continue;
      }
      const decision = verdict(image.safety, safety, this.place);
      this.log(decision, image.safety, i);
      if (decision.action === 'withhold') {
        withheld ??= decision;
        count += 1;
        continue;
      }
      if (decision.action === 'spoiler') {
        kept.push({ ...image, spoiler: true });
        notes.push(t('safetySpoiler', locale, { label: decision.label, score: decision.score.toFixed(2) }));
        continue;
      }
      kept.push(image);
    }
    if (this.previewsHidden > 0)
      log.info({ safety: { previewsHidden: this.previewsHidden } }, 'safety previews hidden');
    if (!withheld) return { images: kept, notes };
    const reason = this.reason(withheld);
    if (kept.length === 0) {
      const guild = this.opts.from.platform === 'discord' && !this.opts.from.isDM;
      const hint = t(guild && withheld.why === 'adult' ? 'safetyHintAgeRestricted' : 'safetyHintAdmin', locale);
      throw new ScanlineError('safety_withheld', { reason, hint });
    }
    return { images: kept, notes: [...notes, t('safetySomeWithheld', locale, { count, reason })] };
  }

  private reason(decision: Extract<SafetyVerdict, { action: 'withhold' }>): string {
    const values = { label: decision.label, score: decision.score.toFixed(2) };
    return t(decision.why === 'adult' ? 'safetyAdult' : 'safetyBorderline', this.opts.locale, values);
  }

  private log(decision: SafetyVerdict, scores: SafetyScores, image: number): void {
    this.opts.log.info(
      {
        safety: { action: decision.action, image, scores: formatScores(scores), adultAllowed: this.place.adultAllowed },
      },
      'safety decision',
    );
  }
}
