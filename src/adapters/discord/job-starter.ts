import type { Logger } from 'pino';
import type { AttachmentPolicy } from '../../pipeline/image-io/index.js';
import type { JobHandle, Pipeline } from '../../pipeline/pipeline.js';
import type { Request, SinkBudget } from '../../pipeline/types.js';
import type { ChannelPacer } from './channel-pacer.js';
import { DiscordReplySink } from './discord-sink.js';
import type { ReplyTarget } from './reply-target.js';

/** What every Discord handler shares. */
export interface AdapterContext {
  pipeline: Pipeline;
  policy: AttachmentPolicy;
  pacer: ChannelPacer;
  log: Logger;
  /** The sink budget; `maxFileBytes` from the interaction's `attachment_size_limit` when it has one. */
  budget(maxFileBytes?: number | null): SinkBudget;
  /** Live replies by message id, so a deleted reply ends its job at once. */
  live: Map<string, DiscordReplySink>;
}

/** Identity used to cancel a job whose reply was deleted (anyone who can delete it may end it). */
const REPLY_DELETED = { userId: 'discord:reply-deleted', isModerator: true };

/**
 * Submits a request with a Discord reply as its sink. `reply` is what the
 * journal keeps to find the reply again (buttons after a restart, interrupted jobs).
 */
export function startJob(
  ctx: AdapterContext,
  request: Request,
  makeTarget: (onPosted: (messageId: string) => void) => ReplyTarget,
  opts: { reply: Record<string, string>; maxFileBytes?: number | null },
): JobHandle {
  // The reply may be posted before or after submit() returns the job id: whichever comes second records it.
  const known: { jobId?: string; postedId?: string } = {};
  // Every message this job's reply lived in (a final may move to a new reply), forgotten when the job settles.
  const posted = new Set<string>();
  const attach = (id: string, messageId: string): void => {
    ctx.pipeline
      .attachReply(id, { ...opts.reply, messageId })
      .catch((error: unknown) => ctx.log.warn({ err: error, job: id }, 'could not record the reply message'));
  };
  const target = makeTarget((messageId) => {
    known.postedId = messageId;
    posted.add(messageId);
    ctx.live.set(messageId, sink);
    if (known.jobId) attach(known.jobId, messageId);
  });
  const sink: DiscordReplySink = new DiscordReplySink(target, {
    pacer: ctx.pacer,
    budget: ctx.budget(opts.maxFileBytes),
    onGone: (id) => {
      const outcome = ctx.pipeline.cancel(id, REPLY_DELETED);
      ctx.log.info({ job: id, outcome }, 'reply was deleted; job ended');
    },
  });
  const handle = ctx.pipeline.submit(request, sink, { reply: opts.reply });
  known.jobId = handle.id;
  if (known.postedId) attach(handle.id, known.postedId);
  void handle.done.then((state) => {
    for (const messageId of posted) if (ctx.live.get(messageId) === sink) ctx.live.delete(messageId);
    ctx.log.debug({ job: handle.id, state, edits: sink.edits }, 'discord reply settled');
  });
  return handle;
}
