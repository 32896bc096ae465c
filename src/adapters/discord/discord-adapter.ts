import { Events, Routes, Status, type Client, type Interaction, type Message, type PartialMessage } from 'discord.js';
import { detectLocale } from '../../pipeline/index.js';
import { adapterBase, type RunningAdapter, type StartAdapter } from '../adapter-runtime.js';
import { newReply, type AdapterContext } from './adapter-context.js';
import { ChannelPacer } from './channel-pacer.js';
import { registerCommands } from './commands.js';
import { connect } from './discord-client.js';
import { answerInteractionError, handleInteraction } from './interaction-handler.js';
import { tellInterrupted } from './interrupted-reply.js';
import { JournaledReplyTarget } from './journaled-reply-target.js';
import { handleMessage } from './message-handler.js';
import { sentence } from './reply-render.js';
import { localeFromDiscord } from './requesters.js';
import { backOffOnRateLimits } from './rest-back-off.js';

/** Discord's default upload limit when an interaction does not say (`attachment_size_limit`). */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface DiscordAdapterOptions {
  /** Minimum time between two edits of one reply (default 1200 ms). */
  minIntervalMs?: number;
  /** Sends and edits per channel per window, shared by all jobs there (default 5 per 5000 ms). */
  channelRate?: { limit: number; windowMs: number };
  /**
   * The privileged MessageContent intent: 'auto' asks for it and, when the
   * application has not enabled it, logs in again without it (default).
   */
  messageContent?: 'auto' | 'on' | 'off';
  /** Register the slash and context-menu commands at start (global, or in one guild). */
  registerCommands?: false | { guildId?: string };
}

export interface DiscordAdapter extends RunningAdapter {
  readonly client: Client<true>;
  /** Whether the MessageContent intent is in use. */
  readonly messageContent: boolean;
}

type StartDiscord = StartAdapter<DiscordAdapterOptions, DiscordAdapter>;

/**
 * Connects Scanline to Discord: messages and interactions become asks of the chat core,
 * and each job is shown as one message that is edited.
 */
export const startDiscordAdapter: StartDiscord = async (runtime, config, log, options = {}) => {
  const { settings: discord, log: alog, core, policy } = adapterBase(runtime, config, log, 'discord');
  const budgetBase = {
    minIntervalMs: options.minIntervalMs ?? 1200,
    previewMime: 'image/webp' as const,
    spoilers: true,
  };
  const ctx: AdapterContext = {
    core,
    policy,
    pacer: new ChannelPacer(options.channelRate ?? { limit: 5, windowMs: 5000 }),
    budget: (maxFileBytes) => ({ ...budgetBase, maxFileBytes: maxFileBytes || DEFAULT_MAX_FILE_BYTES }),
    live: new Map(),
  };

  /** Handlers go on before login so no event after READY is missed; they only run once the client is ready. */
  const wire = (client: Client): Client => {
    const ready = client as Client<true>;
    client.on(Events.MessageCreate, (message: Message) => {
      void core.guard(
        'message',
        {
          locale: detectLocale(message.content),
          tell: (text) =>
            ready.rest.post(Routes.channelMessages(message.channelId), {
              body: {
                ...sentence(text).body,
                message_reference: { message_id: message.id, fail_if_not_exists: false },
              },
            }),
        },
        () => handleMessage(ctx, ready, message),
      );
    });
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      void core.guard(
        'interaction',
        { locale: localeFromDiscord(interaction.locale), tell: (text) => answerInteractionError(interaction, text) },
        () => handleInteraction(ctx, interaction),
      );
    });
    client.on(Events.MessageDelete, (message: Message | PartialMessage) => {
      // The user (or a moderator) deleted a reply: end its job now instead of at its next edit.
      ctx.live.get(message.id)?.markGone();
    });
    backOffOnRateLimits(client.rest, ctx.pacer, () => runtime.metrics?.rateLimited('discord'));
    client.on(Events.Error, (error) => alog.error({ err: error }, 'discord client error'));
    client.on(Events.ShardDisconnect, (event, shard) => alog.warn({ code: event.code, shard }, 'gateway disconnected'));
    return client;
  };

  const { client, messageContent } = await connect(discord, options.messageContent ?? 'auto', wire, alog);

  if (options.registerCommands) {
    const registered = await registerCommands(client.rest, {
      applicationId: client.application.id,
      ...(options.registerCommands.guildId ? { guildId: options.registerCommands.guildId } : {}),
    });
    alog.info({ commands: registered.map((c) => c.name) }, 'commands registered');
  }

  // Jobs a `scanline worker` still runs for a bot process that stopped are shown to the end on their reply.
  await core.recoverInterrupted(tellInterrupted(client.rest), (record) =>
    record.reply?.platform === 'discord'
      ? newReply(ctx, new JournaledReplyTarget(client.rest, record.reply)).sink
      : undefined,
  );
  alog.info({ user: client.user.tag, messageContent, guilds: client.guilds.cache.size }, 'discord adapter ready');

  return {
    client,
    messageContent,
    async close() {
      await client.destroy();
    },
    health() {
      const status = client.ws.status;
      return status === Status.Ready
        ? { ok: true, detail: 'connected to the gateway' }
        : { ok: false, detail: `gateway ${Status[status] ?? status}` };
    },
  };
};
