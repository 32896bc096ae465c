import { instructionForm } from '../../pipeline/index.js';
import { describe, expect, it } from 'vitest';
import type { JobView, Request } from '../../pipeline/index.js';
import { SessionRegistry } from './browser-sessions.js';
import { HttpError } from './http-responses.js';
import { ImageStore } from './image-store.js';
import { SessionFiles } from './session-files.js';
import { WebConversation } from './web-conversation.js';
import { wireFile } from './wire.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const BUDGET = { minIntervalMs: 0, maxFileBytes: 1024, previewMime: 'image/jpeg' } as const;

function setup(opts: { via?: 'reroll' | 'upscale'; turn?: boolean } = {}) {
  const store = new ImageStore({ maxBytes: 10_000, sessionBytes: 10_000, idleMs: 60_000 });
  const { session } = new SessionRegistry(store, { maxSessions: 10, maxTurns: 10 }).resolve(undefined);
  const files = new SessionFiles(store, session.userId);
  const final = store.put({ owner: session.userId, data: PNG, name: 'final.png' });
  session.addJob({ jobId: 'job-1', text: 'a cat', inputs: [], at: 0 });
  const conversation = new WebConversation({
    session,
    files,
    store,
    budget: BUDGET,
    ...(opts.via ? { via: opts.via } : {}),
    ...(opts.turn ? { turn: { jobId: 'job-1', finalImage: wireFile(final) } } : {}),
  });
  return { conversation, session, files, final };
}

function view(jobId: string): JobView {
  return {
    jobId,
    task: 'generate',
    state: 'queued',
    locale: 'en',
    status: 'Queued.',
    images: [],
    preview: false,
    notes: [],
    actions: [],
  };
}

describe('WebConversation: what the chat core chose, as the wire answer the page expects', () => {
  it('a whisper is a 409 refusal carrying the sentence', async () => {
    const { conversation } = setup();
    await conversation.whisper('Only the person who asked can do that.');
    const refusal = await conversation.answer().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal).toMatchObject({ status: 409, code: 'refused', message: 'Only the person who asked can do that.' });
  });

  it('an acknowledged cancel answers cancelled', async () => {
    const { conversation } = setup({ turn: true });
    await conversation.acknowledge();
    expect(await conversation.answer()).toEqual({ status: 200, body: { outcome: 'cancelled' } });
  });

  it('deleting the reply forgets the turn and answers deleted', async () => {
    const { conversation, session } = setup({ turn: true });
    await conversation.deleteReply();
    expect(session.turn('job-1')).toBeUndefined();
    expect(await conversation.answer()).toEqual({ status: 200, body: { outcome: 'deleted' } });
  });

  it('asking for an instruction hands the page the final image to reply to', async () => {
    const { conversation, final } = setup({ turn: true });
    await conversation.askInstruction(instructionForm('job-1', 'en'));
    expect(await conversation.answer()).toEqual({
      status: 200,
      body: { outcome: 'ask_instruction', replyTo: { image: wireFile(final), jobId: 'job-1' } },
    });
  });

  it("a Reroll's new job shows its seed in the bubble and is answered with the job's id once on the page", async () => {
    const { conversation, session, files, final } = setup({ via: 'reroll', turn: true });
    const request: Request = {
      from: { platform: 'web', userId: session.userId, channelId: 'c', isDM: true },
      text: 'a cat --seed 7',
      images: [files.ref(final)],
      params: { seed: 99 },
      receivedAt: 5,
    };
    const { sink } = conversation.reply(request);
    const answered = conversation.answer();
    await sink.open({ type: 'queued', position: 1 }, view('job-2'));
    expect(await answered).toEqual({ status: 202, body: { outcome: 'submitted', jobId: 'job-2' } });
    expect(session.turn('job-2')?.job).toEqual({
      jobId: 'job-2',
      text: 'a cat --seed 99',
      inputs: [wireFile(final)],
      via: 'reroll',
      seed: 99,
      at: 5,
    });
  });

  it('answers nothing it was not told', async () => {
    await expect(setup().conversation.answer()).rejects.toThrow(/no answer/);
  });
});
