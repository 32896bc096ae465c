// Discord API v10 objects as the documented payloads shape them (users, members,
// guilds, channels, messages, attachments), built for the fake server.

export type Json = Record<string, unknown>;

let counter = 0n;
/** Snowflake-like ids that sort by creation (Discord epoch 2015 shifted left 22 bits, plus a counter). */
export function snowflake(): string {
  counter += 1n;
  const ms = BigInt(Date.now()) - 1_420_070_400_000n;
  return ((ms << 22n) + (counter & 0x3fffffn)).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
  /** Role ids in the fake guild. */
  roles?: string[];
  /** Permission bits as a decimal string, for interactions' `member.permissions`. */
  permissions?: string;
}

export function userObject(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function memberObject(user: FakeUser, withUser: boolean): Json {
  return {
    ...(withUser ? { user: userObject(user) } : {}),
    roles: user.roles ?? [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    ...(user.permissions !== undefined ? { permissions: user.permissions } : {}),
  };
}

/** Channel types from the docs: GUILD_TEXT 0, DM 1, PUBLIC_THREAD 11. */
export interface FakeChannel {
  id: string;
  type: 0 | 1 | 11;
  name?: string;
  guildId?: string;
  parentId?: string;
  /** Age-restricted (Discord's `nsfw` flag on guild text channels). */
  nsfw?: boolean;
  /** DM channels: the other user. */
  recipient?: FakeUser;
}

export function channelObject(channel: FakeChannel): Json {
  if (channel.type === 1) {
    return {
      id: channel.id,
      type: 1,
      last_message_id: null,
      recipients: channel.recipient ? [userObject(channel.recipient)] : [],
    };
  }
  const base: Json = {
    id: channel.id,
    type: channel.type,
    name: channel.name ?? 'general',
    guild_id: channel.guildId,
    position: 0,
    permission_overwrites: [],
    nsfw: channel.nsfw ?? false,
    parent_id: channel.parentId ?? null,
    last_message_id: null,
  };
  if (channel.type === 11) {
    return {
      ...base,
      owner_id: '0',
      member_count: 1,
      message_count: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: '2024-01-01T00:00:00.000Z',
        locked: false,
      },
    };
  }
  return { ...base, topic: null, rate_limit_per_user: 0 };
}

/** A stored file on the fake CDN, and the attachment object that points at it. */
export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  url: string;
  width?: number;
  height?: number;
}

export function attachmentObject(a: StoredAttachment): Json {
  return {
    id: a.id,
    filename: a.filename,
    size: a.bytes.byteLength,
    url: a.url,
    proxy_url: a.url,
    content_type: a.contentType,
    ...(a.width !== undefined ? { width: a.width, height: a.height } : {}),
  };
}

/** A message as the fake keeps it; rendered to the API shape on every read. */
export interface StoredMessage {
  id: string;
  channelId: string;
  guildId?: string;
  author: FakeUser;
  content: string;
  attachments: StoredAttachment[];
  components: unknown[];
  embeds: unknown[];
  mentions: FakeUser[];
  flags: number;
  reference?: { messageId: string; channelId: string };
  createdAt: number;
  editedAt?: number;
  /** Set by interaction responses. */
  interactionId?: string;
  webhookId?: string;
}

export function messageObject(m: StoredMessage, referenced?: StoredMessage): Json {
  return {
    id: m.id,
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    author: userObject(m.author),
    content: m.content,
    timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: m.editedAt ? new Date(m.editedAt).toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: m.mentions.map(userObject),
    mention_roles: [],
    attachments: m.attachments.map(attachmentObject),
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    type: m.reference ? 19 : 0,
    flags: m.flags,
    ...(m.webhookId ? { webhook_id: m.webhookId } : {}),
    ...(m.reference
      ? {
          message_reference: { type: 0, message_id: m.reference.messageId, channel_id: m.reference.channelId },
          referenced_message: referenced ? messageObject(referenced) : null,
        }
      : {}),
  };
}
