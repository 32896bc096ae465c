import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { t } from '../common/messages.js';
import type { Locale } from './types.js';

/**
 * A failure that is not the user's (not a ScanlineError): logged once with a short error id and the stack,
 * and told to the user as the `internal` sentence carrying the same id, so a report can be matched to the log.
 */
export function reportInternal(
  log: Logger,
  error: unknown,
  fields: Record<string, unknown>,
  locale: Locale = 'en',
): { errorId: string; sentence: string } {
  const errorId = randomUUID().slice(0, 8);
  log.error({ err: error, errorId, ...fields }, 'internal error');
  return { errorId, sentence: t('internal', locale, { id: errorId }) };
}
