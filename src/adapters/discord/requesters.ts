import { PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import type { Locale, Requester } from '../../pipeline/index.js';

/** Discord locales that answer in Chinese; every other locale gets English. */
export function localeFromDiscord(locale: string | null | undefined): Locale {
  return locale === 'zh-CN' || locale === 'zh-TW' ? 'zh' : 'en';
}

function hasPermission(permissions: { has(bit: bigint): boolean } | null | undefined, bit: bigint): boolean {
  try {
    return permissions?.has(bit) ?? false;
  } catch {
    return false;
  }
}

const isModerator = (permissions: { has(bit: bigint): boolean } | null | undefined): boolean =>
  hasPermission(permissions, PermissionFlagsBits.ManageMessages);

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
    // Checked here too: default_member_permissions only hides the command, and server admins can change that.
    isAdmin: interaction.inGuild() && hasPermission(interaction.memberPermissions, PermissionFlagsBits.ManageGuild),
  };
}
