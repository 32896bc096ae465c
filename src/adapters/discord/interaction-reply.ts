import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { NewReply } from '../../pipeline/index.js';
import { newReply, type AdapterContext } from './adapter-context.js';
import { InteractionReplyTarget } from './interaction-reply-target.js';

/** A message only the interaction's user sees. */
export function ephemeral(message: string) {
  return { content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
}

/** Tells only the interaction's user. */
export async function whisper(interaction: RepliableInteraction, message: string): Promise<void> {
  await interaction.reply(ephemeral(message));
}

/**
 * A job's reply as the interaction's response: deferred now (Discord wants an answer within 3 s,
 * unless the handler deferred already), then edited by the job's sink.
 */
export function interactionReply(
  ctx: AdapterContext,
  interaction: RepliableInteraction,
  fallbackChannel: string,
): NewReply {
  const deferred = interaction.deferred || interaction.replied ? Promise.resolve() : interaction.deferReply();
  const target = new InteractionReplyTarget(
    interaction.client.rest,
    {
      id: interaction.id,
      applicationId: interaction.applicationId,
      token: interaction.token,
      channelId: interaction.channelId ?? fallbackChannel,
      ephemeral: false,
    },
    deferred,
  );
  return newReply(ctx, target, interaction.attachmentSizeLimit);
}
