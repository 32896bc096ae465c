// The edit modal was submitted: its instruction edits the shortcut's message images, or the final image
// of the job whose Edit button opened it (found through the job's journaled location).
import { t } from '../../common/messages.js';
import type { App, ViewSubmitAction } from '@slack/bolt';
import { sharedFinalRef } from './slack-files.js';
import { slackLocationOf } from './slack-location.js';
import { EDIT_MODAL_ID, instructionFrom, parseEditTarget } from './slack-modal.js';
import type { SlackScope } from './slack-scope.js';

export function listenForEditModal(app: App, scope: SlackScope): void {
  const { core } = scope;

  app.view<ViewSubmitAction>(EDIT_MODAL_ID, async ({ ack, body, view }) => {
    await ack();
    const target = parseEditTarget(view.private_metadata);
    if (!target) return;
    const user = body.user.id;
    const place = {
      channel: target.channel,
      team: target.team,
      ...(target.thread ? { thread: target.thread } : {}),
    };
    await core.guard('modal', scope.answer(place, user), async () => {
      const text = instructionFrom(view.state);
      const from = await scope.requester(user, target.kind === 'message' ? { ...place, ts: target.ts } : place);
      const conversation = scope.conversation(place, user);
      if (target.kind === 'message') {
        await core.ask({ from, text, images: target.images.map(scope.hydrate) }, conversation);
        return;
      }
      const record = await core.record(target.jobId);
      const image = sharedFinalRef(slackLocationOf(record), scope.access);
      if (!image) {
        await conversation.whisper(t('job_gone', from.locale ?? record?.plan.locale ?? 'en'));
        return;
      }
      await core.ask(
        { from, text, replyTo: { messageId: target.replyTs ?? target.jobId, images: [image] } },
        conversation,
      );
    });
  });
}
