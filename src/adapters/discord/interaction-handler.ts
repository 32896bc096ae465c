import type { Interaction } from 'discord.js';
import type { AdapterContext } from './adapter-context.js';
import { adminCommand } from './admin-command.js';
import { buttonPress } from './button-press.js';
import { COMMAND } from './commands.js';
import { editMessageCommand, instructionSubmitted } from './instruction-modal.js';
import { ephemeral } from './interaction-reply.js';
import { slashCommand } from './slash-command.js';

/** Slash commands, the message context menu, buttons on replies and modal submits. */
export async function handleInteraction(ctx: AdapterContext, interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    return interaction.commandName === COMMAND.admin ? adminCommand(ctx, interaction) : slashCommand(ctx, interaction);
  }
  if (interaction.isMessageContextMenuCommand() && interaction.commandName === COMMAND.editMessage) {
    return editMessageCommand(interaction);
  }
  if (interaction.isButton()) return buttonPress(ctx, interaction);
  if (interaction.isModalSubmit()) return instructionSubmitted(ctx, interaction);
}

/** Tells the user of a failed interaction handler, whatever state the interaction is in. */
export async function answerInteractionError(interaction: Interaction, message: string): Promise<void> {
  if (!interaction.isRepliable()) return;
  // A deferred button press (deferUpdate) would edit the job's reply itself: tell the presser privately instead.
  if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent()) {
    await interaction.editReply({ content: message, components: [], allowedMentions: { parse: [] } });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(ephemeral(message));
  } else {
    await interaction.reply(ephemeral(message));
  }
}
