// What a failed Web API call means: Slack's error string, or how long a 429 asks us to wait.
import { ErrorCode } from '@slack/web-api';
import { sleep } from './update-budget.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Slack's `error` field of an `ok: false` answer (e.g. `invalid_blocks`), if that is what failed. */
export function platformError(error: unknown): string | undefined {
  if (!isObject(error) || error.code !== ErrorCode.PlatformError || !isObject(error.data)) return undefined;
  return typeof error.data.error === 'string' ? error.data.error : undefined;
}

/** Slack errors no retry can fix: the bot cannot reach the channel, or its token no longer works. */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'missing_scope',
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export function isPermanentSlackError(error: unknown): boolean {
  const code = platformError(error);
  return code !== undefined && PERMANENT_ERRORS.has(code);
}

/** Retry-After of a 429, in ms (the client runs with rejectRateLimitedCalls). */
export function retryAfterMs(error: unknown): number | undefined {
  if (!isObject(error) || error.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof error.retryAfter === 'number' ? error.retryAfter * 1000 : 1000;
}

/** Calls `fn`, waiting out up to `attempts - 1` 429s (for messages that must land: replies, finals). */
export async function withRateLimitRetry<T>(
  fn: () => Promise<T>,
  opts: { attempts?: number; onRateLimited?: (ms: number) => void } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 4;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const wait = retryAfterMs(error);
      if (wait === undefined || i >= attempts) throw error;
      opts.onRateLimited?.(wait);
      await sleep(wait);
    }
  }
}
