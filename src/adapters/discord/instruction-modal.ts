import { t } from '../../common/messages.js';
import { Routes, type MessageContextMenuCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import { instructionForm, type InstructionForm } from '../../pipeline/index.js';
import type { AdapterContext } from './adapter-context.js';
import { imageAttachments, rawImageRefs, type RawAttachment } from './attachments.js';
import { interactionReply, whisper } from './interaction-reply.js';
import { localeFromDiscord, requesterFromInteraction } from './requesters.js';

/** Modal custom ids carry the message whose image is edited: `scanline:instruct:<channelId>:<messageId>`. */
const INSTRUCT = /^scanline:instruct:(\d{1,25}):(\d{1,25})$/;
const INSTRUCTION_FIELD = 'instruction';

/** The modal that asks for an instruction about one message's image (documented Label + Text Input components). */
export function instructionModal(
  form: Pick<InstructionForm, 'title' | 'label' | 'placeholder'>,
  channelId: string,
  messageId: string,
) {
  const data = {
    custom_id: `scanline:instruct:${channelId}:${messageId}`,
    title: form.title,
    components: [
      {
        type: 18,
        label: form.label,
        component: {
          type: 4,
          custom_id: INSTRUCTION_FIELD,
          style: 2,
          min_length: 1,
          max_length: 1500,
          required: true,
          placeholder: form.placeholder,
        },
      },
    ],
  };
  return { toJSON: () => data };
}

/** "Edit with Scanline" on any message: the instruction modal, when the message has an image. */
export async function editMessageCommand(interaction: MessageContextMenuCommandInteraction): Promise<void> {
  const locale = localeFromDiscord(interaction.locale);
  const target = interaction.targetMessage;
  if (imageAttachments(target).length === 0) return whisper(interaction, t('image_missing', locale));
  // No job stands behind an arbitrary message: the form's words are the same, its message is the subject.
  await interaction.showModal(instructionModal(instructionForm(target.id, locale), target.channelId, target.id));
}

/** The instruction modal was sent: a request about that message's image, answered in the modal's response. */
export async function instructionSubmitted(ctx: AdapterContext, interaction: ModalSubmitInteraction): Promise<void> {
  const match = INSTRUCT.exec(interaction.customId);
  const from = requesterFromInteraction(interaction);
  if (!match) return whisper(interaction, t('job_gone', from.locale ?? 'en'));
  // Fetching the message may take longer than Discord's 3 s to answer.
  await interaction.deferReply();
  const [, channelId = '', messageId = ''] = match;
  const target = (await interaction.client.rest
    .get(Routes.channelMessage(channelId, messageId))
    .catch(() => undefined)) as { attachments?: RawAttachment[] } | undefined;
  const images = rawImageRefs(target?.attachments ?? [], ctx.policy);
  await ctx.core.ask(
    {
      from,
      text: interaction.fields.getTextInputValue(INSTRUCTION_FIELD).trim(),
      ...(images.length > 0 ? { replyTo: { messageId, images } } : {}),
    },
    {
      reply: () => interactionReply(ctx, interaction, from.channelId),
      // The response is deferred already: the refusal takes its place.
      whisper: async (text) => {
        await interaction.editReply({ content: text, allowedMentions: { parse: [] } });
      },
    },
  );
}
