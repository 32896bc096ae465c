import {
  MessageFlags,
  Routes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { t } from '../../common/messages.js';
import { resolveAction } from '../../pipeline/chat-actions.js';
import { parseActionCustomId } from '../../pipeline/job-view.js';
import { parseAspect } from '../../pipeline/router/index.js';
import type { Locale, Request, RequestParams, Task } from '../../pipeline/types.js';
import { ANNOTATE_TASKS, COMMAND } from './commands.js';
import { startJob, type AdapterContext } from './job-starter.js';
import { InteractionReplyTarget } from './reply-target.js';
import {
  attachmentRef,
  imageAttachments,
  imageRef,
  localeFromDiscord,
  makeRequest,
  requesterFromInteraction,
} from './requests.js';

/** Modal custom ids carry the message whose image is edited: `scanline:instruct:<channelId>:<messageId>`. */
const INSTRUCT = /^scanline:instruct:(\d{1,25}):(\d{1,25})$/;
const INSTRUCTION_FIELD = 'instruction';

/** The modal that asks for an instruction about one message's image (documented Label + Text Input components). */
function instructionModal(locale: Locale, channelId: string, messageId: string) {
  const data = {
    custom_id: `scanline:instruct:${channelId}:${messageId}`,
    title: t('modalTitle', locale),
    components: [
      {
        type: 18,
        label: t('modalLabel', locale),
        component: {
          type: 4,
          custom_id: INSTRUCTION_FIELD,
          style: 2,
          min_length: 1,
          max_length: 1500,
          required: true,
          placeholder: t('modalPlaceholder', locale),
        },
      },
    ],
  };
  return { toJSON: () => data };
}

function ephemeral(message: string) {
  return { content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
}

/** Submits a request answered in the (already deferred) interaction's response. */
function answerInInteraction(
  ctx: AdapterContext,
  interaction: ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction,
  request: Request,
): void {
  const channelId = interaction.channelId ?? request.from.channelId;
  startJob(
    ctx,
    request,
    (onPosted) =>
      new InteractionReplyTarget(
        interaction.client.rest,
        { applicationId: interaction.applicationId, token: interaction.token, channelId, ephemeral: false },
        onPosted,
      ),
    { reply: { channelId, interactionId: interaction.id }, maxFileBytes: interaction.attachmentSizeLimit },
  );
}

async function slashCommand(ctx: AdapterContext, interaction: ChatInputCommandInteraction): Promise<void> {
  // Answer within Discord's 3 s first; everything else edits the deferred response.
  await interaction.deferReply();
  const from = requesterFromInteraction(interaction);
  const options = interaction.options;
  const image = options.getAttachment('image');
  const images = image ? [attachmentRef(image, ctx.policy)] : [];
  let task: Task;
  let text = '';
  const params: RequestParams = {};
  switch (interaction.commandName) {
    case COMMAND.imagine: {
      task = 'generate';
      text = options.getString('prompt', true);
      const aspect = options.getString('aspect');
      const parsed = aspect ? parseAspect(aspect) : undefined;
      if (parsed) params.aspect = parsed;
      const seed = options.getInteger('seed');
      if (seed !== null) params.seed = seed;
      break;
    }
    case COMMAND.edit:
      task = 'edit';
      text = options.getString('instruction', true);
      break;
    case COMMAND.ask:
      task = 'understand';
      text = options.getString('question') ?? '';
      break;
    case COMMAND.annotate: {
      const chosen = options.getString('task', true);
      task = (ANNOTATE_TASKS as readonly string[]).includes(chosen) ? (chosen as Task) : 'detect';
      break;
    }
    default:
      await interaction.editReply({
        content: t('task_unavailable', from.locale ?? 'en', { task: interaction.commandName }),
        allowedMentions: { parse: [] },
      });
      return;
  }
  answerInInteraction(ctx, interaction, makeRequest({ from, text, images, task, params }));
}

async function editMessageCommand(
  ctx: AdapterContext,
  interaction: MessageContextMenuCommandInteraction,
): Promise<void> {
  const locale = localeFromDiscord(interaction.locale);
  const target = interaction.targetMessage;
  if (imageAttachments(target).length === 0) {
    await interaction.reply(ephemeral(t('image_missing', locale)));
    return;
  }
  await interaction.showModal(instructionModal(locale, target.channelId, target.id));
}

async function button(ctx: AdapterContext, interaction: ButtonInteraction): Promise<void> {
  const by = requesterFromInteraction(interaction);
  const locale = by.locale ?? 'en';
  const parsed = parseActionCustomId(interaction.customId);
  if (!parsed) {
    await interaction.reply(ephemeral(t('job_gone', locale)));
    return;
  }
  const message = interaction.message;
  const shown = imageAttachments(message)[0];
  const outcome = await resolveAction({
    pipeline: ctx.pipeline,
    action: parsed.action,
    jobId: parsed.jobId,
    by,
    locale,
    hydrate: (stored) => imageRef(stored, ctx.policy),
    ...(shown ? { replyImage: attachmentRef(shown, ctx.policy) } : {}),
    replyMessageId: message.id,
  });
  switch (outcome.kind) {
    case 'refuse':
      await interaction.reply(ephemeral(outcome.message));
      return;
    case 'cancelled':
      // The job's own reply shows "Cancelled."; the press only needs an acknowledgement.
      await interaction.deferUpdate();
      return;
    case 'delete':
      await interaction.deferUpdate();
      await interaction.client.rest.delete(Routes.channelMessage(message.channelId, message.id));
      return;
    case 'ask_instruction':
      await interaction.showModal(instructionModal(locale, message.channelId, message.id));
      return;
    case 'submit':
      await interaction.deferReply();
      answerInInteraction(ctx, interaction, outcome.request);
  }
}

interface RawAttachment {
  url: string;
  filename: string;
  size?: number;
  content_type?: string;
}

async function modalSubmit(ctx: AdapterContext, interaction: ModalSubmitInteraction): Promise<void> {
  const match = INSTRUCT.exec(interaction.customId);
  const from = requesterFromInteraction(interaction);
  const locale = from.locale ?? 'en';
  if (!match) {
    await interaction.reply(ephemeral(t('job_gone', locale)));
    return;
  }
  await interaction.deferReply();
  const [, channelId = '', messageId = ''] = match;
  const instruction = interaction.fields.getTextInputValue(INSTRUCTION_FIELD).trim();
  const target = (await interaction.client.rest
    .get(Routes.channelMessage(channelId, messageId))
    .catch(() => undefined)) as { attachments?: RawAttachment[] } | undefined;
  const images = (target?.attachments ?? [])
    .filter((a) => a.content_type?.startsWith('image/') ?? /\.(png|jpe?g|webp|gif)$/i.test(a.filename))
    .map((a) =>
      imageRef(
        {
          url: a.url,
          name: a.filename,
          ...(a.size ? { size: a.size } : {}),
          ...(a.content_type ? { contentType: a.content_type } : {}),
        },
        ctx.policy,
      ),
    );
  answerInInteraction(
    ctx,
    interaction,
    makeRequest({ from, text: instruction, ...(images.length > 0 ? { replyTo: { messageId, images } } : {}) }),
  );
}

/** Slash commands, the message context menu, buttons on replies and modal submits. */
export async function handleInteraction(
  ctx: AdapterContext,
  _client: Client<true>,
  interaction: Interaction,
): Promise<void> {
  if (interaction.isChatInputCommand()) return slashCommand(ctx, interaction);
  if (interaction.isMessageContextMenuCommand() && interaction.commandName === COMMAND.editMessage) {
    return editMessageCommand(ctx, interaction);
  }
  if (interaction.isButton()) return button(ctx, interaction);
  if (interaction.isModalSubmit()) return modalSubmit(ctx, interaction);
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
