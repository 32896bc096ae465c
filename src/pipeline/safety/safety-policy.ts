// What may be posted where: the server's SafetySettings applied to the classifier's scores of one
// image and to the place the reply goes. Pure: the gate (safety-gate.ts) logs and acts on it.
import { adultScore, type SafetyScores } from '../../engine/index.js';
import type { SafetySettings } from '../settings/server-settings.js';
import type { Requester } from '../types.js';

/** Where a reply goes, as far as the policy cares. */
export interface SafetyPlace {
  /** Adult images may be posted here (an age-restricted Discord channel, or a setting). */
  adultAllowed: boolean;
  /** The platform can blur an image until clicked (Discord's SPOILER_ files; Slack has nothing like it). */
  spoilers: boolean;
}

export type SafetyLabel = 'porn' | 'hentai' | 'sexy';

export type SafetyVerdict =
  | { action: 'post' }
  | { action: 'spoiler'; label: 'sexy'; score: number }
  | { action: 'withhold'; label: SafetyLabel; score: number; why: 'adult' | 'borderline' };

/**
 * Discord channels follow their own age-restricted flag (a thread its parent's); Discord DMs, Slack
 * channels and DMs, the playground and the CLI have no such flag, and follow `adultWithoutFlag`.
 */
export function adultAllowed(from: Requester, safety: SafetySettings): boolean {
  if (from.platform === 'discord' && !from.isDM) return from.ageRestricted === true;
  return safety.adultWithoutFlag;
}

/**
 * One image's fate: where adult content is allowed everything is posted; elsewhere porn/hentai at
 * `withholdAt` or above is withheld, and sexy at `spoilerAt` or above is blurred when the settings
 * ask for it (withheld where the platform cannot blur), else posted plainly.
 */
export function verdict(scores: SafetyScores, safety: SafetySettings, place: SafetyPlace): SafetyVerdict {
  if (place.adultAllowed) return { action: 'post' };
  const adult = adultScore(scores);
  if (adult.score >= safety.withholdAt) return { action: 'withhold', ...adult, why: 'adult' };
  if (scores.sexy >= safety.spoilerAt && safety.spoilerBorderline) {
    return place.spoilers
      ? { action: 'spoiler', label: 'sexy', score: scores.sexy }
      : { action: 'withhold', label: 'sexy', score: scores.sexy, why: 'borderline' };
  }
  return { action: 'post' };
}

/** The input threshold the worker refuses at: where adult content is not allowed, the withhold threshold. */
export function inputRefusal(safety: SafetySettings, place: SafetyPlace): number | undefined {
  return place.adultAllowed ? undefined : safety.withholdAt;
}
