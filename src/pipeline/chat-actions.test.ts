import { describe, expect, it } from 'vitest';
import { makeImageRef, makeRequest } from '../../test/helpers/make-request.js';
import { resolveAction, type ActionContext } from './chat-actions.js';
import type { JobRecord } from './job-journal.js';
import { route } from './router/index.js';

const request = makeRequest({ text: 'draw a fox --seed 3' });
const record: JobRecord = {
  id: 'job-1',
  state: 'done',
  from: request.from,
  text: request.text,
  params: { seed: 3 },
  images: [{ url: 'https://cdn.discordapp.com/a.png', name: 'a.png' }],
  plan: route(request),
  createdAt: 1,
  updatedAt: 2,
};

const ctx = (over: Partial<ActionContext>): ActionContext => ({
  action: 'delete',
  jobId: 'job-1',
  record,
  cancel: () => 'not_found',
  by: { platform: 'discord', userId: 'user-1', channelId: 'channel-1', isDM: false },
  locale: 'en',
  hydrate: (i) => makeImageRef(i),
  ...over,
});

describe('resolveAction', () => {
  it('lets the requester delete and refuses others, in their language', () => {
    expect(resolveAction(ctx({}))).toEqual({ kind: 'delete' });
    const other = resolveAction(
      ctx({ by: { platform: 'discord', userId: 'user-9', channelId: 'channel-1', isDM: false }, locale: 'zh' }),
    );
    expect(other).toEqual({ kind: 'refuse', message: expect.stringContaining('管理员') });
    const moderator = resolveAction(
      ctx({ by: { platform: 'discord', userId: 'user-9', channelId: 'c', isDM: false, isModerator: true } }),
    );
    expect(moderator).toEqual({ kind: 'delete' });
    expect(resolveAction(ctx({ record: undefined }))).toMatchObject({ kind: 'refuse' });
  });

  it('rerolls as a new request from the presser with a fresh seed and the same inputs', () => {
    const by = { platform: 'discord' as const, userId: 'user-2', channelId: 'channel-1', isDM: false };
    const outcome = resolveAction(ctx({ action: 'reroll', by }));
    expect(outcome.kind).toBe('submit');
    if (outcome.kind === 'submit') {
      expect(outcome.request).toMatchObject({ text: 'draw a fox --seed 3', from: { userId: 'user-2' } });
      expect(outcome.request.images.map((i) => i.name)).toEqual(['a.png']);
      expect(outcome.request.params.seed).toEqual(expect.any(Number));
    }
  });

  it('upscales the reply image as an edit that replies to it', () => {
    const image = makeImageRef({ name: 'final.png' });
    const outcome = resolveAction(ctx({ action: 'upscale', replyImage: image, replyMessageId: 'm-9' }));
    expect(outcome).toMatchObject({ kind: 'submit', request: { task: 'edit', replyTo: { messageId: 'm-9' } } });
  });

  it('answers politely for a finished or unknown job instead of failing', () => {
    expect(resolveAction(ctx({ action: 'cancel' }))).toMatchObject({ kind: 'refuse' });
    expect(resolveAction(ctx({ action: 'cancel', cancel: () => 'cancelled' }))).toEqual({ kind: 'cancelled' });
    expect(resolveAction(ctx({ action: 'cancel', cancel: () => 'forbidden' }))).toMatchObject({ kind: 'refuse' });
    expect(resolveAction(ctx({ action: 'reroll', record: undefined }))).toEqual({
      kind: 'refuse',
      message: expect.stringContaining('no longer available'),
    });
    expect(resolveAction(ctx({ action: 'edit' }))).toEqual({ kind: 'ask_instruction' });
  });
});
