import { Routes, type REST } from 'discord.js';
import type { RenderedReply } from './reply-render.js';
import { locatedAt, type DiscordReplyLocation, type ReplyTarget } from './reply-target.js';

/**
 * A reply that is a bot message, edited with the bot token: the answer to a user's message (mention, DM,
 * reply-to-iterate), or a journaled reply found again after a restart (`JournaledReplyTarget`). Until a
 * message is posted, the first show answers the message that asked, or posts in the channel without one.
 */
export class MessageReplyTarget implements ReplyTarget {
  messageId: string | undefined;
  readonly channelId: string;
  /** The location without the reply's message id (that is added once posted). */
  readonly #base: DiscordReplyLocation;

  constructor(
    private readonly rest: Pick<REST, 'patch' | 'post' | 'delete'>,
    at: DiscordReplyLocation,
  ) {
    const { messageId, ...base } = at;
    this.#base = base;
    this.channelId = at.channelId;
    this.messageId = messageId;
  }

  /** The reply to the message `sourceMessageId` in `channelId`, not posted yet. */
  static answering(rest: Pick<REST, 'patch' | 'post' | 'delete'>, channelId: string, sourceMessageId: string) {
    return new MessageReplyTarget(rest, { platform: 'discord', channelId, sourceMessageId });
  }

  get location(): DiscordReplyLocation {
    return locatedAt(this.#base, this.messageId);
  }

  async show(reply: RenderedReply): Promise<void> {
    if (this.messageId) {
      await this.rest.patch(Routes.channelMessage(this.channelId, this.messageId), reply);
      return;
    }
    const source = this.#base.sourceMessageId;
    const body = source
      ? { ...reply.body, message_reference: { message_id: source, fail_if_not_exists: false } }
      : reply.body;
    const posted = (await this.rest.post(Routes.channelMessages(this.channelId), { body, files: reply.files })) as {
      id: string;
    };
    this.messageId = posted.id;
  }

  repost(): void {
    this.messageId = undefined;
  }

  async remove(messageId: string): Promise<void> {
    await this.rest.delete(Routes.channelMessage(this.channelId, messageId));
  }
}
