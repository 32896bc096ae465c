import { Routes, type ButtonInteraction } from 'discord.js';
import type { ButtonConversation, ButtonPress } from '../../pipeline/index.js';
import type { AdapterContext } from './adapter-context.js';
import { attachmentRef, imageAttachments, imageRef } from './attachments.js';
import { instructionModal } from './instruction-modal.js';
import { interactionReply, whisper } from './interaction-reply.js';
import { requesterFromInteraction } from './requesters.js';

/** A button on a job's reply: the chat core decides, Discord's primitives carry it out. */
export async function buttonPress(ctx: AdapterContext, interaction: ButtonInteraction): Promise<void> {
  const by = requesterFromInteraction(interaction);
  const message = interaction.message;
  const press: ButtonPress = {
    customId: interaction.customId,
    by,
    hydrate: (stored) => imageRef(stored, ctx.policy),
    replyImage: () => {
      const shown = imageAttachments(message)[0];
      return shown ? attachmentRef(shown, ctx.policy) : undefined;
    },
    replyMessageId: message.id,
  };
  const conversation: ButtonConversation = {
    whisper: (text) => whisper(interaction, text),
    // The job's own reply shows the change; the press only needs an acknowledgement.
    acknowledge: async () => {
      await interaction.deferUpdate();
    },
    deleteReply: async () => {
      await interaction.deferUpdate();
      await interaction.client.rest.delete(Routes.channelMessage(message.channelId, message.id));
    },
    askInstruction: (form) => interaction.showModal(instructionModal(form, message.channelId, message.id)),
    reply: () => interactionReply(ctx, interaction, by.channelId),
  };
  await ctx.core.press(press, conversation);
}
