import { t } from '../../common/messages.js';
import type { ChatInputCommandInteraction } from 'discord.js';
import { isTask, parseAspect, type Inbound, type RequestParams, type Task } from '../../pipeline/index.js';
import type { AdapterContext } from './adapter-context.js';
import { attachmentRef } from './attachments.js';
import { ANNOTATE_TASKS, COMMAND } from './commands.js';
import { interactionReply, whisper } from './interaction-reply.js';
import { requesterFromInteraction } from './requesters.js';

/** The task and text a slash command asks for; undefined for a command this bot does not know. */
function commandRequest(
  interaction: ChatInputCommandInteraction,
): { task: Task; text: string; params: RequestParams } | undefined {
  const options = interaction.options;
  switch (interaction.commandName) {
    case COMMAND.imagine: {
      const params: RequestParams = {};
      const aspect = options.getString('aspect');
      const parsed = aspect ? parseAspect(aspect) : undefined;
      if (parsed) params.aspect = parsed;
      const seed = options.getInteger('seed');
      if (seed !== null) params.seed = seed;
      return { task: 'generate', text: options.getString('prompt', true), params };
    }
    case COMMAND.edit:
      return { task: 'edit', text: options.getString('instruction', true), params: {} };
    case COMMAND.ask:
      return { task: 'understand', text: options.getString('question') ?? '', params: {} };
    case COMMAND.annotate: {
      const chosen = options.getString('task', true);
      const known = (ANNOTATE_TASKS as readonly string[]).includes(chosen) && isTask(chosen);
      return { task: known ? chosen : 'detect', text: '', params: {} };
    }
  }
  return undefined;
}

/** `/imagine`, `/edit`, `/ask`, `/annotate`: a job answered in the interaction's response. */
export async function slashCommand(ctx: AdapterContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const from = requesterFromInteraction(interaction);
  const asked = commandRequest(interaction);
  if (!asked) {
    await interaction.reply({
      content: t('task_unavailable', from.locale ?? 'en', { task: interaction.commandName }),
      allowedMentions: { parse: [] },
    });
    return;
  }
  const image = interaction.options.getAttachment('image');
  const inbound: Inbound = { from, ...asked, images: image ? [attachmentRef(image, ctx.policy)] : [] };
  await ctx.core.ask(inbound, {
    reply: () => interactionReply(ctx, interaction, from.channelId),
    whisper: (text) => whisper(interaction, text),
  });
}
