import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { truncateText, type SettingOptions } from '../../pipeline/index.js';
import type { AdapterContext } from './adapter-context.js';
import { ADMIN_SUBCOMMAND } from './commands.js';
import { requesterFromInteraction } from './requesters.js';

/** Discord's limit on a message's content. */
const MAX_CONTENT = 2000;

/** The `/scanline settings` options as given (absent ones left out), by name. */
function givenOptions(interaction: ChatInputCommandInteraction): SettingOptions {
  const given: Record<string, string | number | boolean> = {};
  for (const option of interaction.options.data[0]?.options ?? []) {
    if (option.value !== undefined) given[option.name] = option.value;
  }
  return given;
}

/** `/scanline settings` and `/scanline usage`: answered only to the admin who asked (ephemeral). */
export async function adminCommand(ctx: AdapterContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const by = requesterFromInteraction(interaction);
  // A Redis store may take a moment: answer Discord within its 3 s first.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const text =
    interaction.options.getSubcommand() === ADMIN_SUBCOMMAND.usage
      ? await ctx.core.usage(by)
      : await ctx.core.settings(by, { options: givenOptions(interaction) });
  await interaction.editReply({ content: truncateText(text, MAX_CONTENT), allowedMentions: { parse: [] } });
}
