import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { isPermanentSlackError } from './slack-errors.js';

const platform = (error: string) => Object.assign(new Error(error), { code: ErrorCode.PlatformError, data: { error } });

describe('Slack errors', () => {
  it('calls lost access and dead tokens permanent, and outages, 429s and deleted messages not', () => {
    expect(isPermanentSlackError(platform('not_in_channel'))).toBe(true);
    expect(isPermanentSlackError(platform('token_revoked'))).toBe(true);
    expect(isPermanentSlackError(platform('message_not_found'))).toBe(false);
    expect(isPermanentSlackError(platform('internal_error'))).toBe(false);
    expect(isPermanentSlackError(Object.assign(new Error('429'), { code: ErrorCode.RateLimitedError }))).toBe(false);
    expect(isPermanentSlackError(new Error('socket hang up'))).toBe(false);
  });
});
