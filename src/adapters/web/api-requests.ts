// What the page sends the API: JSON bodies, read under a cap and checked against their shape.
import { t } from '../../common/messages.js';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Locale } from '../../pipeline/index.js';
import { readBody } from './http-body.js';
import { HttpError } from './http-responses.js';

const JSON_BODY_BYTES = 64 * 1024;
/** Characters of one message, and images it carries; the page reads both from /api/info. */
export const MAX_TEXT_LENGTH = 4000;
export const MAX_IMAGES_PER_MESSAGE = 10;

/** POST /api/jobs: a message (its limits are checked after parsing, with a sentence of their own). */
export const JobBody = z.object({
  text: z.string().max(MAX_TEXT_LENGTH * 4),
  uploads: z.array(z.string().max(64)).max(64).default([]),
  replyTo: z.object({ imageId: z.string().max(64), jobId: z.string().max(80) }).optional(),
  locale: z.string().max(35).optional(),
});
export type JobPost = z.infer<typeof JobBody>;

/** POST /api/jobs/<id>/actions/<action>: a button press. */
export const ActionBody = z.object({ locale: z.string().max(35).optional() }).default({});

/** The body as JSON; an empty body is `{}`. */
export async function readJson(req: IncomingMessage, locale: Locale): Promise<unknown> {
  const body = await readBody(req, JSON_BODY_BYTES);
  if (!body.ok) throw new HttpError(413, 'bad_request', t('badJson', locale, { detail: 'too large' }));
  if (body.data.byteLength === 0) return {};
  try {
    return JSON.parse(body.data.toString('utf8'));
  } catch {
    throw new HttpError(400, 'bad_request', t('badJson', locale, { detail: 'not JSON' }));
  }
}

export function parseBody<T>(schema: z.ZodType<T>, value: unknown, locale: Locale): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
  throw new HttpError(400, 'bad_request', t('badJson', locale, { detail }));
}
