// A local Discord for end-to-end tests, written from the documented API v10:
// REST under /api/v10 (messages with multipart uploads, interaction callbacks,
// webhook `@original` edits and follow-ups, command registration, typing,
// deletes), the gateway over WebSocket, and a CDN-like file route. The REAL
// discord.js talks to it on 127.0.0.1. Every REST request is recorded.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  attachmentObject,
  channelObject,
  memberObject,
  messageObject,
  snowflake,
  userObject,
  type FakeChannel,
  type FakeUser,
  type Json,
  type StoredAttachment,
  type StoredMessage,
} from './discord/api-objects.js';
import { FakeGateway, INTENT } from './discord/fake-gateway.js';
import { asObject, parseBody, type UploadedFile } from './discord/request-body.js';
import { RateLimits, type Bucket } from './discord/rate-limits.js';
import { ServerErrors } from './server-errors.js';

export { INTENT };
export type { FakeChannel, FakeUser, StoredAttachment, StoredMessage };

/** Permission bits from the docs. */
export const PERMISSION = {
  MANAGE_GUILD: 1n << 5n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  MANAGE_MESSAGES: 1n << 13n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
} as const;

const EVERYONE_PERMISSIONS = PERMISSION.VIEW_CHANNEL | PERMISSION.SEND_MESSAGES | PERMISSION.READ_MESSAGE_HISTORY;

export interface RecordedRequest {
  method: string;
  /** The raw path as sent (percent-encoding kept, e.g. `%40original`). */
  path: string;
  /** The path with ids and tokens replaced: `/channels/:id/messages/:id`. */
  route: string;
  query: URLSearchParams;
  /** `Authorization: Bot ...` was sent. */
  botAuth: boolean;
  /** The JSON body or `payload_json`. */
  body: Json;
  files: Omit<UploadedFile, 'bytes'>[];
  status: number;
  at: number;
}

interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId?: string;
  user: FakeUser;
  createdAt: number;
  acked?: number;
  originalId?: string;
  /** For component interactions: the message the component is on. */
  messageId?: string;
  modal?: Json;
  expired: boolean;
}

export interface FakeDiscordOptions {
  token?: string;
  /** Per-route bucket (Discord's message edits are about 5 per 5 s per channel). */
  bucket?: Bucket;
  /** Wall time an interaction may wait for its first response (documented: 3 s). */
  ackDeadlineMs?: number;
}

/** What a request does, for server-error rules: edits a message, posts one, carries files, or deletes one. */
export type RequestKind = 'edit' | 'send' | 'upload' | 'delete';

function requestKinds(r: RecordedRequest): Set<RequestKind> {
  const kinds = new Set<RequestKind>();
  const message = /^\/channels\/\d+\/messages\/\d+$/.test(r.path) || /^\/webhooks\/\d+\/[^/]+\/messages\//.test(r.path);
  const send = /^\/channels\/\d+\/messages$/.test(r.path) || /^\/webhooks\/\d+\/[^/]+$/.test(r.path);
  if (message && r.method === 'PATCH') kinds.add('edit');
  if (message && r.method === 'DELETE') kinds.add('delete');
  if (send && r.method === 'POST') kinds.add('send');
  if (r.files.length > 0) kinds.add('upload');
  return kinds;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class FakeDiscord extends EventEmitter {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly bot: FakeUser = { id: this.applicationId, username: 'scanline', bot: true };
  readonly guildId = snowflake();
  readonly modRoleId = snowflake();
  readonly alice: FakeUser = { id: snowflake(), username: 'alice', roles: [] };
  readonly bob: FakeUser = { id: snowflake(), username: 'bob', roles: [] };
  readonly mod: FakeUser = { id: snowflake(), username: 'mod', roles: [] };
  /** Has Manage Server (the role `adminRoleId`): may use `/scanline settings`. */
  readonly adminRoleId = snowflake();
  readonly admin: FakeUser = { id: snowflake(), username: 'admin', roles: [] };
  readonly channel: FakeChannel;
  /** Guilds besides the first, added with addGuild() before the bot connects. */
  private readonly otherGuilds: { id: string; name: string }[] = [];
  readonly thread: FakeChannel;
  readonly requests: RecordedRequest[] = [];
  readonly registered = new Map<string, Json[]>();
  /** Modals shown to users, newest last. */
  readonly modals: { interactionId: string; data: Json }[] = [];
  readonly limits: RateLimits;
  /** 5xx answers on purpose (a Discord incident). */
  readonly serverErrors = new ServerErrors<RequestKind>();
  /** Privileged intents the application has not enabled in the developer portal. */
  disallowedIntents = 0;
  apiUrl = '';
  private readonly gateway: FakeGateway;
  private readonly server: Server;
  private readonly channels = new Map<string, FakeChannel>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly files = new Map<string, StoredAttachment>();
  private readonly interactions = new Map<string, FakeInteraction>();
  private readonly ackDeadlineMs: number;
  private base = '';

  private constructor(opts: FakeDiscordOptions) {
    super();
    this.token = opts.token ?? 'fake-bot-token';
    this.limits = new RateLimits(opts.bucket ?? { limit: 5, windowMs: 5000 });
    this.ackDeadlineMs = opts.ackDeadlineMs ?? 3000;
    this.mod.roles = [this.modRoleId];
    this.admin.roles = [this.adminRoleId];
    this.channel = this.addChannel({ id: snowflake(), type: 0, name: 'general', guildId: this.guildId });
    this.thread = this.addChannel({
      id: snowflake(),
      type: 11,
      name: 'ideas',
      guildId: this.guildId,
      parentId: this.channel.id,
    });
    this.gateway = new FakeGateway({
      token: this.token,
      readyPayload: (sessionId, url) => this.readyPayload(sessionId, url),
      disallowedIntents: () => this.disallowedIntents,
      onFrame: () => undefined,
    });
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error), code: 0 }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.base = `http://127.0.0.1:${port}`;
    fake.apiUrl = `${fake.base}/api`;
    fake.gateway.url = `ws://127.0.0.1:${port}/gateway`;
    return fake;
  }

  /** Host pattern for SCANLINE_ATTACHMENT_HOSTS. */
  get cdnHost(): string {
    return new URL(this.base).host;
  }

  get gatewayStats(): { identifies: number; resumes: number; connected: number } {
    return { identifies: this.gateway.identifies, resumes: this.gateway.resumes, connected: this.gateway.connected };
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- what users do -------------------------------------------------------------

  /** Puts a file on the fake CDN, as if a user had uploaded it. */
  hostFile(filename: string, bytes: Uint8Array, contentType: string, channelId = 'uploads'): StoredAttachment {
    const id = snowflake();
    const url = `${this.base}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    const attachment: StoredAttachment = { id, filename, contentType, bytes, url };
    this.files.set(new URL(url).pathname, attachment);
    return attachment;
  }

  /** A second server with one text channel (before the bot connects: READY lists it). */
  addGuild(name: string): { guildId: string; channel: FakeChannel } {
    const guildId = snowflake();
    this.otherGuilds.push({ id: guildId, name });
    return { guildId, channel: this.addChannel({ id: snowflake(), type: 0, name: `${name}-general`, guildId }) };
  }

  /** Another text channel in the first guild (before the bot connects: READY lists it). */
  addTextChannel(name: string): FakeChannel {
    return this.addChannel({ id: snowflake(), type: 0, name, guildId: this.guildId });
  }

  dmChannel(user: FakeUser): FakeChannel {
    const existing = [...this.channels.values()].find((c) => c.type === 1 && c.recipient?.id === user.id);
    return existing ?? this.addChannel({ id: snowflake(), type: 1, recipient: user });
  }

  /** A user posts a message; MESSAGE_CREATE goes to the bot with the intents it identified with. */
  postMessage(opts: {
    author: FakeUser;
    content: string;
    channel?: FakeChannel;
    attachments?: StoredAttachment[];
    /** Prefixes `<@bot>` to the content. */
    mentionBot?: boolean;
    replyTo?: StoredMessage;
    pingReply?: boolean;
  }): StoredMessage {
    const channel = opts.channel ?? this.channel;
    // A reply pings its author by default (Discord lists them in mentions); `pingReply: false` turns that off.
    const pinged = opts.replyTo?.author.id === this.bot.id && opts.pingReply !== false;
    const mentions = opts.mentionBot || pinged ? [this.bot] : [];
    const message: StoredMessage = {
      id: snowflake(),
      channelId: channel.id,
      ...(channel.guildId ? { guildId: channel.guildId } : {}),
      author: opts.author,
      content: opts.mentionBot ? `<@${this.bot.id}> ${opts.content}` : opts.content,
      attachments: opts.attachments ?? [],
      components: [],
      embeds: [],
      mentions,
      flags: 0,
      ...(opts.replyTo ? { reference: { messageId: opts.replyTo.id, channelId: opts.replyTo.channelId } } : {}),
      createdAt: Date.now(),
    };
    this.messages.set(message.id, message);
    const intent = channel.type === 1 ? INTENT.DIRECT_MESSAGES : INTENT.GUILD_MESSAGES;
    this.gateway.dispatch(
      'MESSAGE_CREATE',
      (intents) => {
        const payload: Json = { ...messageObject(message, opts.replyTo), channel_type: channel.type };
        if (channel.guildId) payload.member = memberObject(opts.author, false);
        // Without MESSAGE_CONTENT, Discord blanks what the app was not addressed in (docs: Message Content Intent).
        const addressed = channel.type === 1 || mentions.some((u) => u.id === this.bot.id);
        if (!(intents & INTENT.MESSAGE_CONTENT) && !addressed) {
          return { ...payload, content: '', attachments: [], embeds: [], components: [] };
        }
        return payload;
      },
      intent,
    );
    return message;
  }

  /** A user deletes a message (the bot's reply, say); `silent` skips MESSAGE_DELETE (a missed event). */
  deleteMessage(id: string, opts: { silent?: boolean } = {}): void {
    const message = this.messages.get(id);
    if (!message) return;
    this.messages.delete(id);
    if (opts.silent) return;
    this.gateway.dispatch(
      'MESSAGE_DELETE',
      () => ({ id, channel_id: message.channelId, ...(message.guildId ? { guild_id: message.guildId } : {}) }),
      message.guildId ? INTENT.GUILD_MESSAGES : INTENT.DIRECT_MESSAGES,
    );
  }

  /** A slash command (type 1 chat input). Attachment options take a hosted file. */
  slashCommand(
    name: string,
    options: Record<string, string | number | boolean | StoredAttachment | FakeChannel>,
    opts: {
      user?: FakeUser;
      channel?: FakeChannel;
      locale?: string;
      attachmentSizeLimit?: number;
      /** The options go under this subcommand (type 1). */
      subcommand?: string;
    } = {},
  ): FakeInteraction {
    const resolvedAttachments: Record<string, Json> = {};
    const resolvedChannels: Record<string, Json> = {};
    const apiOptions = Object.entries(options).map(([key, value]) => {
      if (typeof value === 'object' && 'bytes' in value) {
        resolvedAttachments[value.id] = attachmentObject(value);
        return { name: key, type: 11, value: value.id };
      }
      if (typeof value === 'object') {
        resolvedChannels[value.id] = { ...channelObject(value), permissions: String(EVERYONE_PERMISSIONS) };
        return { name: key, type: 7, value: value.id };
      }
      if (typeof value === 'boolean') return { name: key, type: 5, value };
      // Documented types: INTEGER 4, NUMBER 10 (a double).
      if (typeof value === 'number') return { name: key, type: Number.isInteger(value) ? 4 : 10, value };
      return { name: key, type: 3, value };
    });
    const resolved = {
      ...(Object.keys(resolvedAttachments).length > 0 ? { attachments: resolvedAttachments } : {}),
      ...(Object.keys(resolvedChannels).length > 0 ? { channels: resolvedChannels } : {}),
    };
    return this.interact(
      2,
      {
        id: snowflake(),
        name,
        type: 1,
        options: opts.subcommand ? [{ name: opts.subcommand, type: 1, options: apiOptions }] : apiOptions,
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
      },
      opts,
    );
  }

  /** A message context-menu command (type 3) on `target`. */
  messageCommand(
    name: string,
    target: StoredMessage,
    opts: { user?: FakeUser; locale?: string } = {},
  ): FakeInteraction {
    const channel = this.channels.get(target.channelId) ?? this.channel;
    return this.interact(
      2,
      {
        id: snowflake(),
        name,
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: messageObject(target) } },
      },
      { ...opts, channel },
    );
  }

  /** Presses a button on a message. */
  pressButton(
    message: StoredMessage,
    customId: string,
    opts: { user?: FakeUser; locale?: string } = {},
  ): FakeInteraction {
    const channel = this.channels.get(message.channelId) ?? this.channel;
    return this.interact(3, { custom_id: customId, component_type: 2 }, { ...opts, channel }, message);
  }

  /** Submits a modal the bot showed, with one value per text input custom id. */
  submitModal(
    modal: { interactionId: string; data: Json },
    values: Record<string, string>,
    opts: { user?: FakeUser; locale?: string } = {},
  ): FakeInteraction {
    const shownBy = this.interactions.get(modal.interactionId);
    const channel = (shownBy && this.channels.get(shownBy.channelId)) ?? this.channel;
    const components = Object.entries(values).map(([customId, value]) => ({
      type: 18,
      id: 1,
      component: { type: 4, id: 2, custom_id: customId, value },
    }));
    return this.interact(
      5,
      { custom_id: String(modal.data.custom_id), components },
      { ...opts, channel },
      shownBy?.messageId ? this.messages.get(shownBy.messageId) : undefined,
    );
  }

  /** Simulates the 15-minute interaction token lifetime running out. */
  expireInteractionTokens(): void {
    for (const interaction of this.interactions.values()) interaction.expired = true;
  }

  dropGateway(): void {
    this.gateway.dropConnections();
  }

  // ---- what tests read -------------------------------------------------------------

  message(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages the bot authored in a channel, oldest first. */
  botMessages(channelId = this.channel.id): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && m.author.id === this.bot.id);
  }

  interaction(id: string): FakeInteraction | undefined {
    return this.interactions.get(id);
  }

  fileBytes(attachment: { url: string }): Uint8Array | undefined {
    return this.files.get(new URL(attachment.url).pathname)?.bytes;
  }

  /** Resolves with the first truthy value of `check`, re-checked after every request and every 25 ms. */
  waitFor<T>(check: () => T | undefined | false | '' | 0, what: string, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first) {
        resolve(first);
        return;
      }
      const onRequest = (): void => {
        const value = check();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: timed out waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(onRequest, 25);
      const cleanup = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.off('request', onRequest);
      };
      this.on('request', onRequest);
    });
  }

  // ---- internals ---------------------------------------------------------------------

  private addChannel(channel: FakeChannel): FakeChannel {
    this.channels.set(channel.id, channel);
    return channel;
  }

  private readyPayload(sessionId: string, url: string): { ready: Json; guilds: Json[] } {
    const guilds = [{ id: this.guildId, name: 'Fake Guild' }, ...this.otherGuilds].map((g) => this.guildObject(g));
    return {
      ready: {
        v: 10,
        user: { ...userObject(this.bot), verified: true, mfa_enabled: false, flags: 0 },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: url,
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
      },
      guilds,
    };
  }

  private guildObject({ id, name }: { id: string; name: string }): Json {
    const guildChannels = [...this.channels.values()].filter((c) => c.guildId === id);
    const guild: Json = {
      id,
      name,
      icon: null,
      owner_id: this.mod.id,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      large: false,
      unavailable: false,
      member_count: 4,
      joined_at: '2024-01-01T00:00:00.000Z',
      roles: [
        { id, name: '@everyone', permissions: String(EVERYONE_PERMISSIONS), position: 0, color: 0 },
        {
          id: this.modRoleId,
          name: 'mod',
          permissions: String(EVERYONE_PERMISSIONS | PERMISSION.MANAGE_MESSAGES),
          position: 1,
          color: 0,
        },
        {
          id: this.adminRoleId,
          name: 'admin',
          permissions: String(EVERYONE_PERMISSIONS | PERMISSION.MANAGE_GUILD),
          position: 2,
          color: 0,
        },
      ],
      emojis: [],
      stickers: [],
      channels: guildChannels.filter((c) => c.type !== 11).map(channelObject),
      threads: guildChannels.filter((c) => c.type === 11).map(channelObject),
      members: [memberObject(this.bot, true)],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
    };
    return guild;
  }

  private interact(
    type: number,
    data: Json,
    opts: { user?: FakeUser; channel?: FakeChannel; locale?: string; attachmentSizeLimit?: number },
    message?: StoredMessage,
  ): FakeInteraction {
    const user = opts.user ?? this.alice;
    const channel = opts.channel ?? this.channel;
    const interaction: FakeInteraction = {
      id: snowflake(),
      token: `itoken-${snowflake()}`,
      type,
      channelId: channel.id,
      ...(channel.guildId ? { guildId: channel.guildId } : {}),
      user,
      createdAt: Date.now(),
      ...(message ? { messageId: message.id } : {}),
      expired: false,
    };
    this.interactions.set(interaction.id, interaction);
    const isMod = user.roles?.includes(this.modRoleId) ?? false;
    const isAdmin = user.roles?.includes(this.adminRoleId) ?? false;
    const permissions = String(
      EVERYONE_PERMISSIONS | (isMod ? PERMISSION.MANAGE_MESSAGES : 0n) | (isAdmin ? PERMISSION.MANAGE_GUILD : 0n),
    );
    this.gateway.dispatch('INTERACTION_CREATE', () => ({
      id: interaction.id,
      application_id: this.applicationId,
      type,
      data,
      ...(channel.guildId
        ? { guild_id: channel.guildId, member: memberObject({ ...user, permissions }, true), guild_locale: 'en-US' }
        : { user: userObject(user) }),
      channel_id: channel.id,
      channel: channelObject(channel),
      token: interaction.token,
      version: 1,
      locale: opts.locale ?? 'en-US',
      app_permissions: String(EVERYONE_PERMISSIONS | PERMISSION.ATTACH_FILES),
      entitlements: [],
      authorizing_integration_owners: { '0': channel.guildId ?? user.id },
      context: channel.type === 1 ? 1 : 0,
      attachment_size_limit: opts.attachmentSizeLimit ?? 10 * 1024 * 1024,
      ...(message ? { message: messageObject(message) } : {}),
    }));
    return interaction;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const file = this.files.get(url.pathname);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found');
        return;
      }
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) });
      res.end(Buffer.from(file.bytes));
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const path = rawPath.replace(/^\/api\/v10/, '');
    const parsed = await parseBody(req);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      route: path.replace(/\/\d{5,}/g, '/:id').replace(/\/itoken-\d+/g, '/:token'),
      query: url.searchParams,
      botAuth: req.headers.authorization === `Bot ${this.token}`,
      body: Array.isArray(parsed.json) ? { items: parsed.json } : asObject(parsed.json),
      files: parsed.files.map(({ index, name, contentType }) => ({ index, name, contentType })),
      status: 0,
      at: Date.now(),
    };
    let status = 200;
    let headers: Record<string, string> = {};
    let body: unknown;
    try {
      if (!rawPath.startsWith('/api/v10/')) throw new ApiError(404, 0, '404: Not Found');
      const failWith = this.serverErrors.take(requestKinds(record));
      const limited = failWith ? undefined : this.rateLimitKey(record.method, path);
      if (failWith) {
        status = failWith;
        body = { message: `${failWith}: Internal Server Error`, code: 0 };
      } else if (limited) {
        const decision = this.limits.take(limited);
        headers = decision.headers;
        if (decision.retryAfterS !== undefined) {
          status = 429;
          body = { message: 'You are being rate limited.', retry_after: decision.retryAfterS, global: false };
        }
      }
      if (status === 200) body = this.handle(record, parsed.json, parsed.files);
      if (body === undefined) status = 204;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      body = { message: error.message, code: error.code };
    }
    record.status = status;
    this.requests.push(record);
    res.writeHead(status, { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    this.emit('request', record);
  }

  /** Message sends and edits are rate limited per channel (or per interaction token for webhooks). */
  private rateLimitKey(method: string, path: string): string | undefined {
    const channel = /^\/channels\/(\d+)\/messages/.exec(path);
    if (channel && method !== 'GET') return `${method}:channel:${channel[1]}`;
    const webhook = /^\/webhooks\/\d+\/([^/]+)/.exec(path);
    if (webhook && method !== 'GET') return `${method}:webhook:${webhook[1]}`;
    return undefined;
  }

  private requireBot(record: RecordedRequest): void {
    if (!record.botAuth) throw new ApiError(401, 0, '401: Unauthorized');
  }

  private handle(record: RecordedRequest, json: unknown, files: UploadedFile[]): unknown {
    const { method, path } = record;
    const body = asObject(json);
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      this.requireBot(record);
      return {
        url: this.gateway.url,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      };
    }
    if (method === 'GET' && path === '/applications/@me') {
      this.requireBot(record);
      return { id: this.applicationId, name: 'Scanline', bot: userObject(this.bot), flags: 0, description: '' };
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      this.requireBot(record);
      const commands = (Array.isArray(json) ? json : []).map((c) => ({
        ...asObject(c),
        id: snowflake(),
        application_id: m?.[1],
        version: snowflake(),
        ...(m?.[2] ? { guild_id: m[2] } : {}),
      }));
      this.registered.set(m[2] ? `guild:${m[2]}` : 'global', commands);
      return commands;
    }
    if ((m = /^\/channels\/(\d+)\/typing$/.exec(path)) && method === 'POST') {
      this.requireBot(record);
      return undefined;
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      this.requireBot(record);
      const channel = this.knownChannel(m[1] as string);
      const message = this.createMessage(channel, body, files);
      return messageObject(message, message.reference && this.messages.get(message.reference.messageId));
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      this.requireBot(record);
      const message = this.messages.get(m[2] as string);
      if (!message || message.channelId !== m[1]) throw new ApiError(404, 10008, 'Unknown Message');
      if (method === 'GET') return messageObject(message);
      if (method === 'PATCH') return messageObject(this.editMessage(message, body, files));
      if (method === 'DELETE') {
        this.messages.delete(message.id);
        return undefined;
      }
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      return this.callback(m[1] as string, m[2] as string, body, files, record.query);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path))) {
      return this.webhook(method, m[2] as string, m[3] && decodeURIComponent(m[3]), body, files);
    }
    throw new ApiError(404, 0, `404: Not Found (${method} ${path})`);
  }

  private knownChannel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new ApiError(404, 10003, 'Unknown Channel');
    return channel;
  }

  private storeFiles(channelId: string, files: UploadedFile[]): Map<number, StoredAttachment> {
    const stored = new Map<number, StoredAttachment>();
    for (const file of files) stored.set(file.index, this.hostFile(file.name, file.bytes, file.contentType, channelId));
    return stored;
  }

  private createMessage(
    channel: FakeChannel,
    body: Json,
    files: UploadedFile[],
    extra: Partial<StoredMessage> = {},
  ): StoredMessage {
    const content = typeof body.content === 'string' ? body.content : '';
    if (content.length > 2000)
      throw new ApiError(400, 50035, 'Invalid Form Body: content must be 2000 or fewer in length.');
    const uploaded = this.storeFiles(channel.id, files);
    const ref = asObject(body.message_reference);
    const refId = typeof ref.message_id === 'string' ? ref.message_id : undefined;
    if (refId && !this.messages.has(refId) && ref.fail_if_not_exists !== false) {
      throw new ApiError(400, 50035, 'Invalid Form Body: Unknown message');
    }
    const message: StoredMessage = {
      id: snowflake(),
      channelId: channel.id,
      ...(channel.guildId ? { guildId: channel.guildId } : {}),
      author: this.bot,
      content,
      attachments: [...uploaded.values()],
      components: Array.isArray(body.components) ? body.components : [],
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      mentions: [],
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...(refId && this.messages.has(refId) ? { reference: { messageId: refId, channelId: channel.id } } : {}),
      createdAt: Date.now(),
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** PATCH semantics from the docs: `attachments` lists what to keep (old ids) and which new `files[n]` to add. */
  private editMessage(message: StoredMessage, body: Json, files: UploadedFile[]): StoredMessage {
    if ('content' in body) {
      const content = typeof body.content === 'string' ? body.content : '';
      if (content.length > 2000)
        throw new ApiError(400, 50035, 'Invalid Form Body: content must be 2000 or fewer in length.');
      message.content = content;
    }
    if ('components' in body) message.components = Array.isArray(body.components) ? body.components : [];
    if ('embeds' in body) message.embeds = Array.isArray(body.embeds) ? body.embeds : [];
    if (typeof body.flags === 'number') message.flags = (message.flags & 64) | (body.flags & ~64 & ~128);
    const uploaded = this.storeFiles(message.channelId, files);
    if (Array.isArray(body.attachments)) {
      const ids = new Set(body.attachments.map((a) => String(asObject(a).id)));
      message.attachments = [
        ...message.attachments.filter((a) => ids.has(a.id)),
        ...[...uploaded.entries()].filter(([index]) => ids.has(String(index))).map(([, a]) => a),
      ];
    } else {
      message.attachments = [...message.attachments, ...uploaded.values()];
    }
    message.flags &= ~128; // no longer "thinking"
    message.editedAt = Date.now();
    return message;
  }

  private interactionByToken(token: string): FakeInteraction {
    const interaction = [...this.interactions.values()].find((i) => i.token === token);
    if (!interaction) throw new ApiError(404, 10015, 'Unknown Webhook');
    if (interaction.expired) throw new ApiError(401, 50027, 'Invalid Webhook Token');
    return interaction;
  }

  private callback(id: string, token: string, body: Json, files: UploadedFile[], query: URLSearchParams): unknown {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) throw new ApiError(404, 10062, 'Unknown interaction');
    if (interaction.acked !== undefined) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    if (Date.now() - interaction.createdAt > this.ackDeadlineMs) throw new ApiError(404, 10062, 'Unknown interaction');
    const type = Number(body.type);
    const data = asObject(body.data);
    const channel = this.knownChannel(interaction.channelId);
    interaction.acked = type;
    switch (type) {
      case 4: // CHANNEL_MESSAGE_WITH_SOURCE
        interaction.originalId = this.createMessage(channel, data, files, { interactionId: interaction.id }).id;
        break;
      case 5: // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: a "thinking" placeholder
        interaction.originalId = this.createMessage(
          channel,
          { flags: ((typeof data.flags === 'number' ? data.flags : 0) & 64) | 128 },
          [],
          { interactionId: interaction.id },
        ).id;
        break;
      case 6: // DEFERRED_UPDATE_MESSAGE
        interaction.originalId = interaction.messageId;
        break;
      case 7: {
        // UPDATE_MESSAGE
        const target = interaction.messageId ? this.messages.get(interaction.messageId) : undefined;
        if (!target) throw new ApiError(404, 10008, 'Unknown Message');
        this.editMessage(target, data, files);
        interaction.originalId = target.id;
        break;
      }
      case 9: // MODAL
        interaction.modal = data;
        this.modals.push({ interactionId: interaction.id, data });
        break;
      default:
        interaction.acked = undefined;
        throw new ApiError(400, 50035, `Invalid Form Body: unknown callback type ${type}`);
    }
    if (query.get('with_response') !== 'true') return undefined;
    const original = interaction.originalId ? this.messages.get(interaction.originalId) : undefined;
    return {
      interaction: { id: interaction.id, type: interaction.type, response_message_id: original?.id },
      resource: { type, ...(original ? { message: messageObject(original) } : {}) },
    };
  }

  private webhook(
    method: string,
    token: string,
    messageId: string | undefined,
    body: Json,
    files: UploadedFile[],
  ): unknown {
    const interaction = this.interactionByToken(token);
    const channel = this.knownChannel(interaction.channelId);
    if (messageId === undefined) {
      if (method !== 'POST') throw new ApiError(405, 0, '405: Method Not Allowed');
      return messageObject(this.createMessage(channel, body, files, { interactionId: interaction.id }));
    }
    const id = messageId === '@original' ? interaction.originalId : messageId;
    const message = id ? this.messages.get(id) : undefined;
    if (!message) throw new ApiError(404, 10008, 'Unknown Message');
    if (method === 'GET') return messageObject(message);
    if (method === 'PATCH') return messageObject(this.editMessage(message, body, files));
    if (method === 'DELETE') {
      this.messages.delete(message.id);
      return undefined;
    }
    throw new ApiError(405, 0, '405: Method Not Allowed');
  }
}
