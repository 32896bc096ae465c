// Buttons on a job's reply (the chat core decides what a press does; these are Slack's primitives for it)
// and the "Edit with Scanline" message shortcut, which asks for an instruction in a modal.
import { t } from '../../common/messages.js';
import type { App, BlockAction, ButtonAction, MessageShortcut } from '@slack/bolt';
import { instructionForm, type ButtonConversation, type StoredImage } from '../../pipeline/index.js';
import { isImageFile, parseSlackFiles, sharedFinalRef } from './slack-files.js';
import { slackLocationOf, type SlackPlace } from './slack-location.js';
import { EDIT_SHORTCUT_ID, editModal } from './slack-modal.js';
import type { SlackScope } from './slack-scope.js';
import { slackMessage } from './slack-text.js';

/** Images the shortcut's modal may edit at once. */
const SHORTCUT_MAX_IMAGES = 4;

export function listenForActions(app: App, scope: SlackScope): void {
  const { core, client, me } = scope;

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: /^scanline:/ }, async (args) => {
    const { ack, body, action } = args;
    await ack();
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    if (!channel || !ts) return;
    const thread: string = typeof body.message?.thread_ts === 'string' ? body.message.thread_ts : ts;
    const place: SlackPlace = { channel, team: body.team?.id ?? body.user.team_id ?? me.team, thread };
    const user = body.user.id;
    await core.guard('action', scope.answer(place, user), async () => {
      const by = await scope.requester(user, { ...place, ts });
      const conversation: ButtonConversation = {
        ...scope.conversation(place, user),
        // Slack already shows the change on the reply the button sits on.
        acknowledge: async () => undefined,
        deleteReply: async (location) => {
          await client.chat.delete({ channel, ts });
          const file = location?.platform === 'slack' ? location.file : undefined;
          if (file) await client.files.delete({ file }).catch(() => undefined);
        },
        askInstruction: async (form) => {
          const target = { kind: 'job' as const, jobId: form.jobId, ...place, replyTs: ts };
          await client.views.open({ trigger_id: body.trigger_id, view: editModal(target, form) });
        },
      };
      await core.press(
        {
          customId: action.action_id,
          by,
          hydrate: scope.hydrate,
          replyImage: (record) => sharedFinalRef(slackLocationOf(record), scope.access),
          replyMessageId: ts,
        },
        conversation,
      );
    });
  });

  app.shortcut<MessageShortcut>(EDIT_SHORTCUT_ID, async ({ ack, body, respond }) => {
    await ack();
    const channel = body.channel.id;
    const user = body.user.id;
    const message = slackMessage(body.message, channel);
    const place: SlackPlace = { channel, team: body.team?.id ?? me.team, thread: message.threadTs ?? message.ts };
    await core.guard('shortcut', scope.answer(place, user), async () => {
      const { locale } = await scope.requester(user, place);
      const images: StoredImage[] = parseSlackFiles(body.message.files)
        .filter(isImageFile)
        .slice(0, SHORTCUT_MAX_IMAGES)
        .flatMap((f) => {
          const url = f.url_private_download ?? f.url_private;
          return url
            ? [{ url, ...(f.name ? { name: f.name } : {}), ...(f.mimetype ? { contentType: f.mimetype } : {}) }]
            : [];
        });
      if (images.length === 0) {
        await respond({ response_type: 'ephemeral', text: t('image_missing', locale ?? 'en') });
        return;
      }
      const target = { kind: 'message' as const, ...place, thread: message.threadTs ?? message.ts, ts: message.ts };
      // No job yet: the form's words are the same, its job id is not used.
      const form = instructionForm('', locale ?? 'en');
      await client.views.open({ trigger_id: body.trigger_id, view: editModal({ ...target, images }, form) });
    });
  });
}
