import { Routes, type Client, type Message } from 'discord.js';
import { newReply, type AdapterContext } from './adapter-context.js';
import { attachmentRef, imageAttachments } from './attachments.js';
import { MessageReplyTarget } from './message-reply-target.js';
import { sentence } from './reply-render.js';
import { requesterFromMessage } from './requesters.js';

/** Removes `<@bot>` / `<@!bot>` mentions and tidies the spaces left behind. */
export function stripMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/**
 * A message becomes a request when it is a DM, mentions the bot, or replies
 * to one of the bot's images (reply-to-iterate; without a ping this needs the
 * MessageContent intent, else Discord blanks the text).
 */
export async function handleMessage(ctx: AdapterContext, client: Client<true>, message: Message): Promise<void> {
  if (message.author.bot || message.system || message.webhookId) return;
  const botId = client.user.id;
  const isDM = !message.inGuild();
  const mentioned = message.mentions.users.has(botId);
  let replied: Message | undefined;
  // The gateway tells whose message this replies to, so only replies that concern the bot are fetched.
  if (message.reference?.messageId && (isDM || mentioned || message.mentions.repliedUser?.id === botId)) {
    replied = await message.fetchReference().catch(() => undefined);
  }
  const repliedImages = replied ? imageAttachments(replied) : [];
  const iterating = replied?.author.id === botId && repliedImages.length > 0;
  if (!isDM && !mentioned && !iterating) return;

  const text = stripMention(message.content, botId);
  const images = [...message.attachments.values()].map((a) => attachmentRef(a, ctx.policy));
  // Without the MessageContent intent an unpinged reply arrives blank: nothing to act on.
  if (!text && images.length === 0 && !mentioned && !isDM) return;

  await ctx.core.ask(
    {
      from: requesterFromMessage(message),
      text,
      images,
      ...(replied && repliedImages.length > 0
        ? { replyTo: { messageId: replied.id, images: repliedImages.map((a) => attachmentRef(a, ctx.policy)) } }
        : {}),
    },
    {
      reply: () => newReply(ctx, MessageReplyTarget.answering(client.rest, message.channelId, message.id)),
      // A message cannot be answered privately: a short reply to it.
      whisper: async (text) => {
        await client.rest.post(Routes.channelMessages(message.channelId), {
          body: { ...sentence(text).body, message_reference: { message_id: message.id, fail_if_not_exists: false } },
        });
      },
    },
  );
}
