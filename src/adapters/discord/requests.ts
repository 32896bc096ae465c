import { randomUUID } from 'node:crypto';
import { PermissionFlagsBits, type Attachment, type Interaction, type Message } from 'discord.js';
import { downloadImage, type AttachmentPolicy } from '../../pipeline/image-io/index.js';
import type { StoredImage } from '../../pipeline/job-journal.js';
import type { ImageRef, Locale, Request, Requester, RequestParams, Task } from '../../pipeline/types.js';

/** Discord locales that answer in Chinese; every other locale gets English. */
export function localeFromDiscord(locale: string | null | undefined): Locale {
  return locale === 'zh-CN' || locale === 'zh-TW' ? 'zh' : 'en';
}

/** An attachment URL as a lazy ImageRef: downloaded only when the job runs, under the attachment policy. */
export function imageRef(image: StoredImage, policy: AttachmentPolicy): ImageRef {
  return {
    ...image,
    fetch: (signal) =>
      downloadImage(image.url, { policy, ...(signal ? { signal } : {}), ...(image.name ? { name: image.name } : {}) }),
  };
}

export function attachmentRef(a: Attachment, policy: AttachmentPolicy): ImageRef {
  return {
    ...imageRef(
      {
        url: a.url,
        name: a.name,
        size: a.size,
        ...(a.contentType ? { contentType: a.contentType } : {}),
      },
      policy,
    ),
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
  };
}

const IMAGE_NAME = /\.(png|jpe?g|webp|gif|tiff?|avif|bmp|heic)$/i;

/** Attachments that claim to be images (the bytes are sniffed later anyway). */
export function imageAttachments(message: Pick<Message, 'attachments'>): Attachment[] {
  return [...message.attachments.values()].filter(
    (a) => a.contentType?.startsWith('image/') || (!a.contentType && IMAGE_NAME.test(a.name)),
  );
}

/** Removes `<@bot>` / `<@!bot>` mentions and tidies the spaces left behind. */
export function stripMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

function isModerator(permissions: { has(bit: bigint): boolean } | null | undefined): boolean {
  try {
    return permissions?.has(PermissionFlagsBits.ManageMessages) ?? false;
  } catch {
    return false;
  }
}

/** Where a message or interaction came from; threads keep their parent as the channel (caps) and themselves as thread. */
function place(channel: Message['channel'] | Interaction['channel'], channelId: string) {
  if (channel?.isThread()) return { channelId: channel.parentId ?? channelId, threadId: channel.id };
  return { channelId };
}

export function requesterFromMessage(message: Message): Requester {
  let permissions: { has(bit: bigint): boolean } | null | undefined;
  try {
    permissions = message.inGuild() ? message.member?.permissionsIn(message.channel) : undefined;
  } catch {
    permissions = undefined;
  }
  return {
    platform: 'discord',
    userId: message.author.id,
    userName: message.author.username,
    ...place(message.channel, message.channelId),
    messageId: message.id,
    ...(message.guildId ? { guildId: message.guildId } : {}),
    isDM: !message.inGuild(),
    isModerator: isModerator(permissions),
  };
}

export function requesterFromInteraction(interaction: Interaction): Requester {
  return {
    platform: 'discord',
    userId: interaction.user.id,
    userName: interaction.user.username,
    ...place(interaction.channel, interaction.channelId ?? interaction.user.id),
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    isDM: !interaction.inGuild(),
    locale: localeFromDiscord(interaction.locale),
    isModerator: isModerator(interaction.memberPermissions),
  };
}

export function makeRequest(parts: {
  from: Requester;
  text: string;
  images?: ImageRef[];
  task?: Task;
  params?: RequestParams;
  replyTo?: Request['replyTo'];
}): Request {
  return {
    id: randomUUID(),
    from: parts.from,
    text: parts.text,
    images: parts.images ?? [],
    ...(parts.task ? { task: parts.task } : {}),
    params: parts.params ?? {},
    ...(parts.replyTo ? { replyTo: parts.replyTo } : {}),
    receivedAt: Date.now(),
  };
}
