import { randomUUID } from 'node:crypto';
import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  Routes,
  type Interaction,
  type Message,
  type PartialMessage,
} from 'discord.js';
import type { Logger } from 'pino';
import { t } from '../../common/messages.js';
import type { Config } from '../../common/config.js';
import type { AdapterRuntime as Runtime } from '../adapter-runtime.js';
import { PLATFORM_ATTACHMENT_HOSTS, createAttachmentPolicy } from '../../pipeline/image-io/index.js';
import { detectLocale } from '../../pipeline/router/index.js';
import type { Locale } from '../../pipeline/types.js';
import { ChannelPacer } from './channel-pacer.js';
import { registerCommands } from './commands.js';
import { answerInteractionError, handleInteraction } from './interaction-handler.js';
import type { AdapterContext } from './job-starter.js';
import { handleMessage } from './message-handler.js';
import { sentence } from './reply-render.js';
import { localeFromDiscord } from './requests.js';

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

export interface DiscordAdapter {
  readonly client: Client<true>;
  /** Whether the MessageContent intent is in use. */
  readonly messageContent: boolean;
  close(): Promise<void>;
}

const BASE_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

function createClient(config: { apiUrl: string }, messageContent: boolean): Client {
  return new Client({
    intents: messageContent ? [...BASE_INTENTS, GatewayIntentBits.MessageContent] : BASE_INTENTS,
    // Without Partials.Channel, DMs from uncached channels are dropped silently; without
    // Partials.Message, deleting a reply posted over REST (never cached) emits no MessageDelete.
    partials: [Partials.Channel, Partials.Message],
    rest: { api: config.apiUrl },
    allowedMentions: { parse: [], repliedUser: false },
  });
}

/** Logs in and waits for READY; the listener is attached before login resolves (FACTS: login race). */
async function login(client: Client, token: string): Promise<Client<true>> {
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(token);
  return ready;
}

function isDisallowedIntents(error: unknown): boolean {
  return error instanceof Error && /disallowed intents/i.test(error.message);
}

/** `/channels/<id>/messages...` -> the channel id, for pacing. */
function channelOfPath(path: string): string | undefined {
  return /^\/channels\/(\d+)\/messages/.exec(path)?.[1];
}

/**
 * Connects Scanline to Discord: messages and interactions become Requests on
 * the shared pipeline, and each job is shown as one message that is edited.
 */
export async function startDiscordAdapter(
  runtime: Runtime,
  config: Config,
  log: Logger,
  options: DiscordAdapterOptions = {},
): Promise<DiscordAdapter> {
  const discord = config.discord;
  if (!discord) throw new Error('startDiscordAdapter needs config.discord (DISCORD_TOKEN)');
  const alog = log.child({ part: 'discord' });
  const budgetBase = { minIntervalMs: options.minIntervalMs ?? 1200, previewMime: 'image/webp' as const };
  const ctx: AdapterContext = {
    pipeline: runtime.pipeline,
    policy: createAttachmentPolicy({
      baseHosts: PLATFORM_ATTACHMENT_HOSTS.discord,
      extraHosts: config.attachments.extraHosts,
      maxBytes: config.attachments.maxBytes,
      timeoutMs: config.attachments.timeoutMs,
    }),
    pacer: new ChannelPacer(options.channelRate ?? { limit: 5, windowMs: 5000 }),
    log: alog,
    budget: (maxFileBytes) => ({ ...budgetBase, maxFileBytes: maxFileBytes || DEFAULT_MAX_FILE_BYTES }),
    live: new Map(),
  };

  /** Runs one event handler; a throw is logged with an id and the user gets the `internal` sentence. */
  const safely = (what: string, locale: Locale, run: () => Promise<void>, tell: (text: string) => Promise<unknown>) => {
    run().catch(async (error: unknown) => {
      const errorId = randomUUID().slice(0, 8);
      alog.error({ err: error, errorId, event: what }, 'discord handler failed');
      await tell(t('internal', locale, { id: errorId })).catch((e: unknown) =>
        alog.warn({ err: e, errorId }, 'could not tell the user about the failure'),
      );
    });
  };

  /** Handlers go on before login so no event after READY is missed; they only run once the client is ready. */
  const wire = (client: Client): Client => {
    const ready = client as Client<true>;
    client.on(Events.MessageCreate, (message: Message) => {
      safely(
        'message',
        detectLocale(message.content),
        () => handleMessage(ctx, ready, message),
        (text) =>
          ready.rest.post(Routes.channelMessages(message.channelId), {
            body: {
              ...sentence(text).body,
              message_reference: { message_id: message.id, fail_if_not_exists: false },
            },
          }),
      );
    });
    client.on(Events.InteractionCreate, (interaction: Interaction) => {
      safely(
        'interaction',
        localeFromDiscord(interaction.locale),
        () => handleInteraction(ctx, ready, interaction),
        (text) => answerInteractionError(interaction, text),
      );
    });
    client.on(Events.MessageDelete, (message: Message | PartialMessage) => {
      // The user (or a moderator) deleted a reply: end its job now instead of at its next edit.
      ctx.live.get(message.id)?.markGone();
    });
    client.rest.on('response', (request, response) => {
      const channelId = channelOfPath(request.path);
      if (!channelId) return;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 429 && retryAfter > 0) {
        ctx.pacer.backOff(channelId, retryAfter * 1000);
      } else if (response.headers.get('x-ratelimit-remaining') === '0') {
        ctx.pacer.backOff(channelId, Number(response.headers.get('x-ratelimit-reset-after') ?? 0) * 1000);
      }
    });
    client.on(Events.Error, (error) => alog.error({ err: error }, 'discord client error'));
    client.on(Events.ShardDisconnect, (event, shard) => alog.warn({ code: event.code, shard }, 'gateway disconnected'));
    return client;
  };

  const wantContent = options.messageContent ?? 'auto';
  let messageContent = wantContent !== 'off';
  let client = wire(createClient(discord, messageContent));
  let ready: Client<true>;
  try {
    ready = await login(client, discord.token);
  } catch (error) {
    await client.destroy();
    if (!(wantContent === 'auto' && isDisallowedIntents(error))) throw error;
    alog.warn(
      'The MessageContent intent is not enabled for this application: logging in without it. Mentions, DMs, slash commands and buttons work; replying to an image without pinging the bot does not. Enable it in the developer portal (Bot -> Privileged Gateway Intents) to have that too.',
    );
    messageContent = false;
    client = wire(createClient(discord, false));
    ready = await login(client, discord.token);
  }

  if (options.registerCommands) {
    const registered = await registerCommands(ready.rest, {
      applicationId: ready.application.id,
      ...(options.registerCommands.guildId ? { guildId: options.registerCommands.guildId } : {}),
    });
    alog.info({ commands: registered.map((c) => c.name) }, 'commands registered');
  }

  await tellInterrupted(ctx, ready, alog);
  alog.info({ user: ready.user.tag, messageContent, guilds: ready.guilds.cache.size }, 'discord adapter ready');

  return {
    client: ready,
    messageContent,
    async close() {
      await client.destroy();
    },
  };
}

/** Jobs that were running when the bot stopped: their replies now say so. */
async function tellInterrupted(ctx: AdapterContext, client: Client<true>, log: Logger): Promise<void> {
  const records = await ctx.pipeline.recoverInterrupted('discord');
  for (const record of records) {
    const reply = record.reply ?? {};
    const note = sentence(t('interrupted', record.plan.locale));
    const body = { ...note.body, attachments: [] };
    try {
      if (reply.channelId && reply.messageId) {
        await client.rest.patch(Routes.channelMessage(reply.channelId, reply.messageId), { body });
      } else if (reply.channelId && reply.sourceMessageId) {
        await client.rest.post(Routes.channelMessages(reply.channelId), {
          body: { ...body, message_reference: { message_id: reply.sourceMessageId, fail_if_not_exists: false } },
        });
      }
    } catch (error) {
      log.warn({ err: error, job: record.id }, 'could not tell an interrupted job');
    }
  }
  if (records.length > 0) log.info({ count: records.length }, 'interrupted jobs told');
}
