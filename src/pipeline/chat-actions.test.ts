import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/index.js';
import { makeImageRef, makeRequest } from '../../test/helpers/make-request.js';
import { RecordingSink } from '../../test/helpers/recording-sink.js';
import { resolveAction, type ActionContext } from './chat-actions.js';
import { Pipeline } from './pipeline.js';
import { Scheduler } from './scheduler/scheduler.js';

let engine: Engine;
let pipeline: Pipeline;
let jobId: string;

beforeAll(async () => {
  engine = await Engine.start({ device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [] }, () => undefined);
  const scheduler = new Scheduler({ concurrency: 1, caps: { perUser: 3, perChannel: 10, global: 50 } });
  pipeline = new Pipeline({ engine, scheduler, maxPixels: 1e7, log: pino({ level: 'silent' }) });
  const handle = pipeline.submit(makeRequest({ text: 'help' }), new RecordingSink());
  await handle.done;
  jobId = handle.id;
});
afterAll(async () => {
  await engine?.close();
});

const ctx = (over: Partial<ActionContext>): ActionContext => ({
  pipeline,
  action: 'delete',
  jobId,
  by: { platform: 'discord', userId: 'user-1', channelId: 'channel-1', isDM: false },
  locale: 'en',
  hydrate: (i) => makeImageRef(i),
  ...over,
});

describe('resolveAction', () => {
  it('lets the requester delete and refuses others, in their language', async () => {
    expect(await resolveAction(ctx({}))).toEqual({ kind: 'delete' });
    const other = await resolveAction(
      ctx({ by: { platform: 'discord', userId: 'user-9', channelId: 'channel-1', isDM: false }, locale: 'zh' }),
    );
    expect(other).toEqual({ kind: 'refuse', message: expect.stringContaining('管理员') });
    const moderator = await resolveAction(
      ctx({ by: { platform: 'discord', userId: 'user-9', channelId: 'c', isDM: false, isModerator: true } }),
    );
    expect(moderator).toEqual({ kind: 'delete' });
  });

  it('rerolls as a new request from the presser with a fresh seed', async () => {
    const outcome = await resolveAction(ctx({ action: 'reroll' }));
    expect(outcome.kind).toBe('submit');
    if (outcome.kind === 'submit') {
      expect(outcome.request.text).toBe('help');
      expect(outcome.request.params.seed).toEqual(expect.any(Number));
    }
  });

  it('upscales the reply image as an edit that replies to it', async () => {
    const image = makeImageRef({ name: 'final.png' });
    const outcome = await resolveAction(ctx({ action: 'upscale', replyImage: image, replyMessageId: 'm-9' }));
    expect(outcome).toMatchObject({ kind: 'submit', request: { task: 'edit', replyTo: { messageId: 'm-9' } } });
  });

  it('answers politely for a finished or unknown job instead of failing', async () => {
    expect(await resolveAction(ctx({ action: 'cancel' }))).toMatchObject({ kind: 'refuse' });
    expect(await resolveAction(ctx({ action: 'reroll', jobId: 'unknown' }))).toEqual({
      kind: 'refuse',
      message: expect.stringContaining('no longer available'),
    });
    expect(await resolveAction(ctx({ action: 'edit' }))).toEqual({ kind: 'ask_instruction' });
  });
});
