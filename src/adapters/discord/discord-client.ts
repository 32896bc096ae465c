import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { Logger } from 'pino';

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

/**
 * Logs in with `wire`'s handlers already on (no event after READY is missed). The MessageContent intent:
 * 'auto' asks for it and, when the application has not enabled it, logs in again without it.
 */
export async function connect(
  config: { apiUrl: string; token: string },
  wantContent: 'auto' | 'on' | 'off',
  wire: (client: Client) => Client,
  log: Logger,
): Promise<{ client: Client<true>; messageContent: boolean }> {
  const client = wire(createClient(config, wantContent !== 'off'));
  try {
    return { client: await login(client, config.token), messageContent: wantContent !== 'off' };
  } catch (error) {
    await client.destroy();
    if (!(wantContent === 'auto' && isDisallowedIntents(error))) throw error;
  }
  log.warn(
    'The MessageContent intent is not enabled for this application: logging in without it. Mentions, DMs, slash commands and buttons work; replying to an image without pinging the bot does not. Enable it in the developer portal (Bot -> Privileged Gateway Intents) to have that too.',
  );
  return { client: await login(wire(createClient(config, false)), config.token), messageContent: false };
}
