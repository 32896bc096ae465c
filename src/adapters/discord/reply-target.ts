import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { RenderedReply } from './reply-render.js';

/** Where one job's reply lives on Discord: posted once, then edited. */
export interface ReplyTarget {
  /** The channel (or thread) the reply is in: the pacing key. */
  readonly channelId: string;
  /** The reply's message id, once known. */
  readonly messageId: string | undefined;
  show(reply: RenderedReply): Promise<void>;
}

export function isDiscordError(error: unknown, ...codes: number[]): error is DiscordAPIError {
  return error instanceof DiscordAPIError && codes.includes(Number(error.code));
}

/** The reply to a user's message (mention, DM, reply-to-iterate): a bot message, edited with the bot token. */
export class MessageReplyTarget implements ReplyTarget {
  messageId: string | undefined;

  constructor(
    private readonly rest: REST,
    readonly channelId: string,
    private readonly sourceMessageId: string | undefined,
    private readonly onPosted: (messageId: string) => void,
  ) {}

  async show(reply: RenderedReply): Promise<void> {
    if (this.messageId) {
      await this.rest.patch(Routes.channelMessage(this.channelId, this.messageId), reply);
      return;
    }
    const body = this.sourceMessageId
      ? { ...reply.body, message_reference: { message_id: this.sourceMessageId, fail_if_not_exists: false } }
      : reply.body;
    const posted = (await this.rest.post(Routes.channelMessages(this.channelId), { body, files: reply.files })) as {
      id: string;
    };
    this.messageId = posted.id;
    this.onPosted(posted.id);
  }
}

/** Errors after which a bot-token edit of an interaction reply is retried through the webhook. */
const NO_BOT_ACCESS = [
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
];

/**
 * The response to an interaction that was already deferred. The first edits go
 * through the interaction webhook (`@original`); once the message id is known,
 * non-ephemeral replies are edited with the bot token, which outlives the
 * 15-minute interaction token. Ephemeral replies can only use the webhook.
 */
export class InteractionReplyTarget implements ReplyTarget {
  messageId: string | undefined;

  constructor(
    private readonly rest: REST,
    private readonly interaction: { applicationId: string; token: string; channelId: string; ephemeral: boolean },
    private readonly onPosted: (messageId: string) => void,
  ) {}

  get channelId(): string {
    return this.interaction.channelId;
  }

  async show(reply: RenderedReply): Promise<void> {
    if (this.messageId && !this.interaction.ephemeral) {
      try {
        await this.rest.patch(Routes.channelMessage(this.channelId, this.messageId), reply);
        return;
      } catch (error) {
        if (!isDiscordError(error, ...NO_BOT_ACCESS)) throw error;
      }
    }
    const edited = (await this.rest.patch(
      Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'),
      { ...reply, auth: false },
    )) as { id: string };
    if (!this.messageId) {
      this.messageId = edited.id;
      this.onPosted(edited.id);
    }
  }
}
