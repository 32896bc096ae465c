// Messages addressed to Scanline: mentions, DMs, follow-ups in its threads, and /imagine. Each becomes
// an Inbound for the chat core, answered by a new reply in the message's thread.
import { t } from '../../common/messages.js';
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { Request } from '../../pipeline/index.js';
import { platformError } from './slack-errors.js';
import { imageRefsFromFiles } from './slack-files.js';
import { isDMChannel, type SlackScope } from './slack-scope.js';
import { slackMessage, slackTextToPlain, type SlackMessage } from './slack-text.js';
import { lastThreadImage } from './slack-threads.js';

export function listenForMessages(app: App, scope: SlackScope): void {
  const { me, threads } = scope;

  app.event('app_mention', async ({ event, body }) => {
    // DMs arrive as message.im; a mention there must not make a second job.
    if (isDMChannel(event.channel)) return;
    await ask(scope, slackMessage(event, event.channel), body.team_id || me.team);
  });

  app.event('message', async ({ event, body }) => {
    // People writing: a plain message, one with files, a thread reply also sent to the channel.
    if (event.subtype !== undefined && event.subtype !== 'file_share' && event.subtype !== 'thread_broadcast') return;
    if ('bot_id' in event && event.bot_id) return;
    const m = slackMessage(event, event.channel);
    const team = body.team_id || me.team;
    if (event.channel_type === 'im') {
      await ask(scope, m, team);
      return;
    }
    // Channel messages: only follow-ups by the person who started one of our threads; mentions are app_mention's.
    if (!m.threadTs || m.threadTs === m.ts || m.text.includes(`<@${me.userId}`)) return;
    if ((await threads.owner(m.channel, m.threadTs)) !== m.user) return;
    await ask(scope, m, team);
  });

  app.command('/imagine', async ({ command, ack, respond }) => {
    await ack();
    const place = { channel: command.channel_id, team: command.team_id || me.team };
    const user = command.user_id;
    await scope.core.guard('imagine', scope.answer(place, user), async () => {
      const from = await scope.requester(user, place);
      const locale = from.locale ?? 'en';
      const text = slackTextToPlain(command.text ?? '', me.userId);
      if (!text || /^(help|\?|帮助)$/i.test(text)) {
        await respond({ response_type: 'ephemeral', text: t('slackHelp', locale) });
        return;
      }
      // A slash command's channel may be one the bot cannot post in: say so where only the user sees it.
      const postFailed = (error: unknown) => {
        const reason = platformError(error);
        const sentence =
          reason === 'not_in_channel' || reason === 'channel_not_found'
            ? t('notInChannel', locale)
            : t('internal', locale, { id: randomUUID().slice(0, 8) });
        void respond({ response_type: 'ephemeral', text: sentence }).catch(() => undefined);
      };
      await scope.core.ask({ from, text, task: 'generate' }, scope.conversation(place, user, postFailed));
    });
  });
}

/** A message addressed to us (mention, DM, follow-up in our thread) -> a job in its thread. */
async function ask(scope: SlackScope, m: SlackMessage, team: string): Promise<void> {
  const user = m.user;
  if (!user) return;
  const place = { channel: m.channel, team, thread: m.threadTs ?? m.ts };
  await scope.core.guard('message', scope.answer(place, user), async () => {
    const images = await imageRefsFromFiles(m.files, scope.access, scope.client);
    let replyTo: Request['replyTo'];
    if (images.length === 0 && m.threadTs) {
      const last = await lastThreadImage(scope.client, {
        channel: m.channel,
        thread: m.threadTs,
        before: m.ts,
        bot: scope.me,
        access: scope.access,
      });
      if (last) replyTo = { messageId: last.messageId, images: [last.image] };
    }
    const from = await scope.requester(user, { ...place, ts: m.ts });
    await scope.core.ask(
      { from, text: slackTextToPlain(m.text, scope.me.userId), images, ...(replyTo ? { replyTo } : {}) },
      scope.conversation(place, user),
    );
  });
}
