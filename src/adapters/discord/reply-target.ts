import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { RenderedReply } from './reply-render.js';

/** Where one job's reply lives on Discord: posted once, then edited. */
export interface ReplyTarget {
  /** The channel (or thread) the reply is in: the pacing key. */
  readonly channelId: string;
  /** The reply's message id, once known. */
  readonly messageId: string | undefined;
  show(reply: RenderedReply): Promise<void>;
  /** The next show posts a new message instead of editing the old one (it was deleted or keeps failing). */
  repost(): void;
  /** Deletes a message this target posted earlier (the one a repost left behind). */
  remove(messageId: string): Promise<void>;
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

  repost(): void {
    this.messageId = undefined;
  }

  async remove(messageId: string): Promise<void> {
    await this.rest.delete(Routes.channelMessage(this.channelId, messageId));
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
  /** After a repost the reply is a new message, not the interaction's `@original`. */
  private reposted = false;

  constructor(
    private readonly rest: REST,
    private readonly interaction: { applicationId: string; token: string; channelId: string; ephemeral: boolean },
    private readonly onPosted: (messageId: string) => void,
  ) {}

  get channelId(): string {
    return this.interaction.channelId;
  }

  async show(reply: RenderedReply): Promise<void> {
    const messageId = this.messageId;
    if (
      messageId &&
      (await this.withBotToken(() => this.rest.patch(Routes.channelMessage(this.channelId, messageId), reply)))
    ) {
      return;
    }
    if (this.reposted && !this.messageId) {
      this.posted((await this.postNew(reply)).id);
      return;
    }
    const which = this.reposted && this.messageId ? this.messageId : '@original';
    const edited = (await this.rest.patch(
      Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, which),
      { ...reply, auth: false },
    )) as { id: string };
    if (!this.messageId) this.posted(edited.id);
  }

  repost(): void {
    this.reposted = true;
    this.messageId = undefined;
  }

  async remove(messageId: string): Promise<void> {
    const { applicationId, token } = this.interaction;
    if (await this.withBotToken(() => this.rest.delete(Routes.channelMessage(this.channelId, messageId)))) return;
    await this.rest.delete(Routes.webhookMessage(applicationId, token, messageId), { auth: false });
  }

  /** A new message: with the bot token when it may post in the channel, else as an interaction follow-up. */
  private async postNew(reply: RenderedReply): Promise<{ id: string }> {
    const { applicationId, token, ephemeral } = this.interaction;
    const viaBot = await this.withBotToken(() => this.rest.post(Routes.channelMessages(this.channelId), reply));
    if (viaBot) return viaBot.value as { id: string };
    return (await this.rest.post(Routes.webhook(applicationId, token), {
      body: { ...reply.body, ...(ephemeral ? { flags: 64 } : {}) },
      files: reply.files,
      query: new URLSearchParams({ wait: 'true' }),
      auth: false,
    })) as { id: string };
  }

  /** `call` with the bot token (never for ephemeral replies); undefined when the bot has no access there, so the webhook must do it. */
  private async withBotToken<T>(call: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.interaction.ephemeral) return undefined;
    try {
      return { value: await call() };
    } catch (error) {
      if (!isDiscordError(error, ...NO_BOT_ACCESS)) throw error;
      return undefined;
    }
  }

  private posted(messageId: string): void {
    this.messageId = messageId;
    this.onPosted(messageId);
  }
}
