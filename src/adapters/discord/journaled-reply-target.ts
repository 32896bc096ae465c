import { Routes, type REST } from 'discord.js';
import type { RenderedReply } from './reply-render.js';
import { locatedAt, type DiscordReplyLocation, type ReplyTarget } from './reply-target.js';

/**
 * The reply of a job another bot process accepted, found again from the journal (the job was taken over after
 * a restart): edited with the bot token, which outlives the process and the interaction token. Without a posted
 * reply, the first show answers the message that asked (or posts in the channel, for a slash command).
 */
export class JournaledReplyTarget implements ReplyTarget {
  messageId: string | undefined;

  constructor(
    private readonly rest: Pick<REST, 'patch' | 'post' | 'delete'>,
    private readonly journaled: DiscordReplyLocation,
  ) {
    this.messageId = journaled.messageId;
  }

  get channelId(): string {
    return this.journaled.channelId;
  }

  get location(): DiscordReplyLocation {
    const base: DiscordReplyLocation = { ...this.journaled };
    delete base.messageId;
    return locatedAt(base, this.messageId);
  }

  async show(reply: RenderedReply): Promise<void> {
    if (this.messageId) {
      await this.rest.patch(Routes.channelMessage(this.channelId, this.messageId), reply);
      return;
    }
    const source = this.journaled.sourceMessageId;
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
