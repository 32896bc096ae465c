import { Routes, type REST } from 'discord.js';
import type { RenderedReply } from './reply-render.js';
import { locatedAt, type DiscordReplyLocation, type ReplyTarget } from './reply-target.js';

/** The reply to a user's message (mention, DM, reply-to-iterate): a bot message, edited with the bot token. */
export class MessageReplyTarget implements ReplyTarget {
  messageId: string | undefined;

  constructor(
    private readonly rest: REST,
    readonly channelId: string,
    private readonly sourceMessageId: string,
  ) {}

  get location(): DiscordReplyLocation {
    return locatedAt(
      { platform: 'discord', channelId: this.channelId, sourceMessageId: this.sourceMessageId },
      this.messageId,
    );
  }

  async show(reply: RenderedReply): Promise<void> {
    if (this.messageId) {
      await this.rest.patch(Routes.channelMessage(this.channelId, this.messageId), reply);
      return;
    }
    const body = { ...reply.body, message_reference: { message_id: this.sourceMessageId, fail_if_not_exists: false } };
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
