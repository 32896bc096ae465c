// Reading the classifier's scores (no model code: the main thread imports this).
import type { SafetyScores } from '../types.js';

/** The larger of the two adult classes, which decides withholding and input refusal. */
export function adultScore(scores: SafetyScores): { label: 'porn' | 'hentai'; score: number } {
  return scores.hentai > scores.porn
    ? { label: 'hentai', score: scores.hentai }
    : { label: 'porn', score: scores.porn };
}

/** Scores as one short string for logs and error params: "drawing 0.01, hentai 0.00, ...". */
export function formatScores(scores: SafetyScores): string {
  return Object.entries(scores)
    .map(([k, v]) => `${k} ${(v as number).toFixed(2)}`)
    .join(', ');
}
