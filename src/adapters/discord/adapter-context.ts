import type { AttachmentPolicy, ChatCore, NewReply, SinkBudget } from '../../pipeline/index.js';
import type { ChannelPacer } from './channel-pacer.js';
import { DiscordReplySink } from './discord-reply-sink.js';
import type { ReplyTarget } from './reply-target.js';

/** What every Discord handler shares. */
export interface AdapterContext {
  core: ChatCore;
  policy: AttachmentPolicy;
  pacer: ChannelPacer;
  /** The sink budget; `maxFileBytes` from the interaction's `attachment_size_limit` when it has one. */
  budget(maxFileBytes?: number | null): SinkBudget;
  /** Live replies by message id, so a deleted reply ends its job at once. */
  live: Map<string, DiscordReplySink>;
}

/** A new job's reply on `target`, and where it is before it is posted. */
export function newReply(ctx: AdapterContext, target: ReplyTarget, maxFileBytes?: number | null): NewReply {
  const sink = new DiscordReplySink(target, {
    pacer: ctx.pacer,
    budget: ctx.budget(maxFileBytes),
    live: ctx.live,
    onGone: (jobId) => ctx.core.replyDeleted(jobId),
  });
  return { sink, location: target.location };
}
