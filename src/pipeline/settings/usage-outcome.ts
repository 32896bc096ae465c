// How a job's end (or a refusal before it) is told in the usage log: refusals are the answers that say
// "not here, not now" (an admin's setting, a queue cap, the safety policy), failures everything else.
import type { JobState } from '../types.js';
import type { UsageEvent } from './server-settings.js';

export type UsageOutcome = UsageEvent['outcome'];

/** Codes counted as refusals in `/scanline usage`. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set([
  'busy_user',
  'busy_channel',
  'busy_global',
  'task_disabled',
  'channel_closed',
  'safety_withheld',
]);

export function usageOutcome(
  state: JobState,
  failureCode: string | undefined,
): { outcome: UsageOutcome; reason?: string } {
  if (state === 'done' || state === 'cancelled') return { outcome: state };
  const reason = failureCode ?? 'internal';
  return { outcome: REFUSAL_CODES.has(reason) ? 'refused' : 'failed', reason };
}
