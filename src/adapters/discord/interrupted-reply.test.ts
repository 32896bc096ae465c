import type { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { JobRecord, ReplyLocation } from '../../pipeline/index.js';
import { tellInterrupted } from './interrupted-reply.js';

function recorder() {
  const calls: { method: string; route: string; body: Record<string, unknown> }[] = [];
  const call = (method: string) => (route: string, opts?: { body?: unknown }) => {
    calls.push({ method, route, body: opts?.body as Record<string, unknown> });
    return Promise.resolve({});
  };
  const rest: Pick<REST, 'patch' | 'post'> = { patch: call('PATCH'), post: call('POST') };
  return { rest, calls };
}

const record = (reply: ReplyLocation | undefined): JobRecord => ({ id: 'j', ...(reply ? { reply } : {}) }) as JobRecord;

describe('tellInterrupted', () => {
  it('edits a posted reply into the sentence, with its files cleared', async () => {
    const { rest, calls } = recorder();
    await tellInterrupted(rest)(record({ platform: 'discord', channelId: '1', messageId: '2' }), 'Interrupted.');
    expect(calls).toEqual([
      {
        method: 'PATCH',
        route: '/channels/1/messages/2',
        body: expect.objectContaining({ content: 'Interrupted.', attachments: [] }),
      },
    ]);
  });

  it('replies to the source message when no reply was posted, and leaves other platforms alone', async () => {
    const { rest, calls } = recorder();
    await tellInterrupted(rest)(record({ platform: 'discord', channelId: '1', sourceMessageId: '3' }), 'Interrupted.');
    await tellInterrupted(rest)(record({ platform: 'slack', channel: 'C', team: 'T', ts: '1.2' }), 'Interrupted.');
    await tellInterrupted(rest)(record(undefined), 'Interrupted.');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      route: '/channels/1/messages',
      body: { content: 'Interrupted.', message_reference: { message_id: '3', fail_if_not_exists: false } },
    });
  });
});
