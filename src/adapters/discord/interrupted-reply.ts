import { Routes, type REST } from 'discord.js';
import type { JobRecord } from '../../pipeline/index.js';
import { sentence } from './reply-render.js';

/** Shows the `interrupted` sentence on a journaled job's reply, or replies to its source message when none was posted. */
export function tellInterrupted(
  rest: Pick<REST, 'patch' | 'post'>,
): (record: JobRecord, text: string) => Promise<void> {
  return async (record, text) => {
    const reply = record.reply;
    if (reply?.platform !== 'discord') return;
    const body = { ...sentence(text).body, attachments: [] };
    if (reply.messageId) {
      await rest.patch(Routes.channelMessage(reply.channelId, reply.messageId), { body });
    } else if (reply.sourceMessageId) {
      await rest.post(Routes.channelMessages(reply.channelId), {
        body: { ...body, message_reference: { message_id: reply.sourceMessageId, fail_if_not_exists: false } },
      });
    }
  };
}
