import { Routes, type REST } from 'discord.js';
import { isDiscordError, NO_BOT_ACCESS } from './discord-errors.js';
import type { RenderedReply } from './reply-render.js';
import { locatedAt, type DiscordReplyLocation, type ReplyTarget } from './reply-target.js';

export interface InteractionRef {
  id: string;
  applicationId: string;
  token: string;
  channelId: string;
  ephemeral: boolean;
}

/**
 * The response to an interaction that is deferred (`deferred` settles when Discord took the deferral).
 * The first edits go through the interaction webhook (`@original`); once the message id is known,
 * non-ephemeral replies are edited with the bot token, which outlives the 15-minute interaction token.
 * Ephemeral replies can only use the webhook.
 */
export class InteractionReplyTarget implements ReplyTarget {
  messageId: string | undefined;
  /** After a repost the reply is a new message, not the interaction's `@original`. */
  private reposted = false;

  constructor(
    private readonly rest: REST,
    private readonly interaction: InteractionRef,
    private readonly deferred: Promise<unknown>,
  ) {
    // Its failure is the first show's to report; until then it is not an unhandled rejection.
    deferred.catch(() => undefined);
  }

  get channelId(): string {
    return this.interaction.channelId;
  }

  get location(): DiscordReplyLocation {
    return locatedAt(
      { platform: 'discord', channelId: this.channelId, interactionId: this.interaction.id },
      this.messageId,
    );
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
      this.messageId = (await this.postNew(reply)).id;
      return;
    }
    await this.deferred;
    const which = this.reposted && this.messageId ? this.messageId : '@original';
    const edited = (await this.rest.patch(
      Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, which),
      { ...reply, auth: false },
    )) as { id: string };
    this.messageId ??= edited.id;
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
    await this.deferred;
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
}
