import { randomInt } from 'node:crypto';
import { t } from '../common/messages.js';
import type { JobRecord, StoredImage } from './job-journal.js';
import type { CancelOutcome } from './pipeline.js';
import type { ImageRef, JobActionId, Locale, Request, Requester } from './types.js';

/** What a button press comes to; the decision is the same on every platform, the chat core carries it out. */
export type ActionOutcome =
  /** The job was cancelled; its reply updates itself. */
  | { kind: 'cancelled' }
  /** Submit this request as a new job with a new reply. */
  | { kind: 'submit'; request: Request }
  /** Ask the user for an instruction (modal), then submit it as a reply to the job's image. */
  | { kind: 'ask_instruction' }
  /** Delete the job's reply. */
  | { kind: 'delete' }
  /** Tell only the presser this sentence (ephemeral). */
  | { kind: 'refuse'; message: string };

export interface ActionContext {
  action: JobActionId;
  jobId: string;
  /** The job as journaled (read once per press); undefined when the journal no longer keeps it. */
  record: JobRecord | undefined;
  /** Cancels the job if it is still queued or running (Pipeline.cancel). */
  cancel: (by: Requester) => CancelOutcome;
  /** Who pressed the button. */
  by: Requester;
  /** The locale to refuse in (the presser's). */
  locale: Locale;
  /** Rebuilds a stored input image with the platform's auth. */
  hydrate: (image: StoredImage) => ImageRef;
  /** The reply's current image (for Upscale), as the platform serves it. */
  replyImage?: ImageRef;
  /** The reply's message id (for Upscale's reply-to). */
  replyMessageId?: string;
}

/** May this person act on the job's reply (delete it, reroll it)? Its requester or a moderator. */
function mayModify(record: JobRecord | undefined, by: Requester): boolean {
  return by.isModerator === true || record?.from.userId === by.userId;
}

/** "Reroll": the same instruction with a new seed, asked by the presser. */
function rerollRequest(record: JobRecord, by: Requester, hydrate: (image: StoredImage) => ImageRef): Request {
  return {
    from: by,
    text: record.text,
    images: record.images.map(hydrate),
    ...(record.task ? { task: record.task } : {}),
    params: { ...record.params, seed: randomInt(0, 2 ** 32 - 1) },
    ...(record.replyTo
      ? { replyTo: { messageId: record.replyTo.messageId, images: record.replyTo.images.map(hydrate) } }
      : {}),
    receivedAt: Date.now(),
  };
}

/** Decides what a button press on a job's reply does. */
export function resolveAction(ctx: ActionContext): ActionOutcome {
  const { record, by, locale } = ctx;
  const refuse = (code: 'action_forbidden' | 'job_gone'): ActionOutcome => ({
    kind: 'refuse',
    message: t(code, locale),
  });
  switch (ctx.action) {
    case 'cancel': {
      const outcome = ctx.cancel(by);
      if (outcome === 'cancelled') return { kind: 'cancelled' };
      return refuse(outcome === 'forbidden' ? 'action_forbidden' : 'job_gone');
    }
    case 'delete':
      if (!record && !by.isModerator) return refuse('job_gone');
      return mayModify(record, by) ? { kind: 'delete' } : refuse('action_forbidden');
    case 'reroll':
      return record ? { kind: 'submit', request: rerollRequest(record, by, ctx.hydrate) } : refuse('job_gone');
    case 'upscale':
      if (!ctx.replyImage) return refuse('job_gone');
      return {
        kind: 'submit',
        request: {
          from: by,
          text: record?.plan.locale === 'zh' ? '放大两倍' : 'upscale 2x',
          images: [],
          task: 'edit',
          params: {},
          replyTo: { messageId: ctx.replyMessageId ?? ctx.jobId, images: [ctx.replyImage] },
          receivedAt: Date.now(),
        },
      };
    case 'edit':
      return { kind: 'ask_instruction' };
  }
}
