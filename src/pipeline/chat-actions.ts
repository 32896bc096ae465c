import { randomUUID } from 'node:crypto';
import { t } from '../common/messages.js';
import type { StoredImage } from './job-journal.js';
import type { Pipeline } from './pipeline.js';
import type { ImageRef, JobActionId, Locale, Request, Requester } from './types.js';

/** What the adapter does after a button press; the decision is the same on every platform. */
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
  pipeline: Pipeline;
  action: JobActionId;
  jobId: string;
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

/** Decides what a button press on a job's reply does. */
export async function resolveAction(ctx: ActionContext): Promise<ActionOutcome> {
  const { pipeline, jobId, by, locale } = ctx;
  const refuse = (code: 'action_forbidden' | 'job_gone'): ActionOutcome => ({
    kind: 'refuse',
    message: t(code, locale),
  });
  switch (ctx.action) {
    case 'cancel': {
      const outcome = pipeline.cancel(jobId, by);
      if (outcome === 'cancelled') return { kind: 'cancelled' };
      return refuse(outcome === 'forbidden' ? 'action_forbidden' : 'job_gone');
    }
    case 'delete':
      if (!(await pipeline.record(jobId)) && !by.isModerator) return refuse('job_gone');
      return (await pipeline.mayModify(jobId, by)) ? { kind: 'delete' } : refuse('action_forbidden');
    case 'reroll': {
      const request = await pipeline.rerollRequest(jobId, by, ctx.hydrate);
      return request ? { kind: 'submit', request } : refuse('job_gone');
    }
    case 'upscale': {
      if (!ctx.replyImage) return refuse('job_gone');
      const record = await pipeline.record(jobId);
      return {
        kind: 'submit',
        request: {
          id: randomUUID(),
          from: by,
          text: record?.plan.locale === 'zh' ? '放大两倍' : 'upscale 2x',
          images: [],
          task: 'edit',
          params: {},
          replyTo: { messageId: ctx.replyMessageId ?? jobId, images: [ctx.replyImage] },
          receivedAt: Date.now(),
        },
      };
    }
    case 'edit':
      return { kind: 'ask_instruction' };
  }
}
