import type { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { JournaledReplyTarget } from './journaled-reply-target.js';

function recorder() {
  const calls: { method: string; route: string; body: unknown }[] = [];
  const call = (method: string) => (route: string, opts?: { body?: unknown }) => {
    calls.push({ method, route, body: opts?.body });
    return Promise.resolve({ id: 'new-reply' });
  };
  const rest: Pick<REST, 'patch' | 'post' | 'delete'> = {
    patch: call('PATCH'),
    post: call('POST'),
    delete: call('DELETE'),
  };
  return { rest, calls };
}

const reply = { body: { content: 'Still going.' }, files: [] };

describe('JournaledReplyTarget', () => {
  it('edits the journaled reply with the bot token, and posts a new one after a repost', async () => {
    const { rest, calls } = recorder();
    const target = new JournaledReplyTarget(rest, {
      platform: 'discord',
      channelId: 'c1',
      messageId: 'm1',
      interactionId: 'i1',
    });
    await target.show(reply);
    expect(calls[0]).toMatchObject({ method: 'PATCH', route: '/channels/c1/messages/m1' });
    expect(target.location).toEqual({ platform: 'discord', channelId: 'c1', messageId: 'm1', interactionId: 'i1' });
    target.repost();
    expect(target.location).toEqual({ platform: 'discord', channelId: 'c1', interactionId: 'i1' });
    await target.show(reply);
    expect(calls[1]).toMatchObject({
      method: 'POST',
      route: '/channels/c1/messages',
      body: { content: 'Still going.' },
    });
    expect(target.messageId).toBe('new-reply');
  });

  it('answers the message that asked when no reply was posted before the restart', async () => {
    const { rest, calls } = recorder();
    const target = new JournaledReplyTarget(rest, { platform: 'discord', channelId: 'c1', sourceMessageId: 's1' });
    await target.show(reply);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      route: '/channels/c1/messages',
      body: { message_reference: { message_id: 's1', fail_if_not_exists: false } },
    });
    expect(target.location).toEqual({
      platform: 'discord',
      channelId: 'c1',
      sourceMessageId: 's1',
      messageId: 'new-reply',
    });
  });
});
