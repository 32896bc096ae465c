import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeImageRef, makeRequest } from '../../../test/helpers/make-request.js';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { actionCustomId } from '../job-view.js';
import { MemoryJobJournal } from '../job-journal.js';
import { Pipeline } from '../pipeline.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { TaskHandler } from '../tasks/task-handler.js';
import type { JobHandle } from '../pipeline.js';
import type { Requester } from '../types.js';
import { ChatCore, type ButtonConversation, type InstructionForm } from './chat-core.js';

const silent = pino({ level: 'silent' });

/** Counts journal reads, so a press is seen to read the job once. */
class CountingJournal extends MemoryJobJournal {
  reads = 0;
  override async get(id: string) {
    this.reads += 1;
    return super.get(id);
  }
}

/** A drawing handler that answers at once: the core's policy is under test, not a model. */
const drawing: TaskHandler = {
  needsImage: false,
  run: async () => ({ images: [], text: 'drawn', timingsMs: { total: 1 } }),
};

function setup() {
  const journal = new CountingJournal();
  const scheduler = new Scheduler({ concurrency: 1, caps: { perUser: 3, perChannel: 10, global: 50 } });
  const pipeline = new Pipeline({
    engine: { run: () => Promise.reject(new Error('no engine in this test')) },
    scheduler,
    maxPixels: 1e7,
    log: silent,
    journal,
    handlers: { generate: drawing },
  });
  return { journal, pipeline, core: new ChatCore({ pipeline, platform: 'discord', log: silent }) };
}

/** Records what the core asked the platform to do. */
class Conversation implements ButtonConversation {
  readonly did: string[] = [];
  readonly sinks: RecordingSink[] = [];
  form: InstructionForm | undefined;
  reply() {
    const sink = new RecordingSink({}, { location: { platform: 'discord', channelId: 'c', messageId: 'new' } });
    this.sinks.push(sink);
    this.did.push('reply');
    return { sink, location: { platform: 'discord' as const, channelId: 'c', sourceMessageId: 'src' } };
  }
  async whisper(text: string) {
    this.did.push(`whisper:${text}`);
  }
  async acknowledge() {
    this.did.push('acknowledge');
  }
  async deleteReply() {
    this.did.push('delete');
  }
  async askInstruction(form: InstructionForm) {
    this.form = form;
    this.did.push('ask');
  }
}

const person = (userId: string, extra: Partial<Requester> = {}): Requester => ({
  platform: 'discord',
  userId,
  channelId: 'c',
  isDM: false,
  ...extra,
});

/** The job an ask became (every ask in these tests is accepted). */
async function asked(handle: Promise<JobHandle | undefined>): Promise<JobHandle> {
  const accepted = await handle;
  if (!accepted) throw new Error('the ask was refused');
  return accepted;
}

async function finishedJob(core: ChatCore) {
  const handle = await asked(core.ask({ from: person('owner'), text: 'draw a fox --seed 3' }, new Conversation()));
  await handle.done;
  return handle.id;
}

describe('ChatCore.ask', () => {
  it('builds the request, answers on a new reply and journals where that reply lives', async () => {
    const { core, pipeline } = setup();
    const talk = new Conversation();
    const handle = await asked(core.ask({ from: person('owner'), text: 'draw a fox' }, talk));
    expect(await handle.done).toBe('done');
    expect(talk.sinks[0]?.events().map((e) => e.type)).toEqual(['queued', 'started', 'done']);
    expect((await pipeline.record(handle.id))?.reply).toEqual({
      platform: 'discord',
      channelId: 'c',
      messageId: 'new',
    });
  });
});

describe('ChatCore.press', () => {
  const press = (jobId: string, action: Parameters<typeof actionCustomId>[0], by: Requester) => ({
    customId: actionCustomId(action, jobId),
    by,
    hydrate: (i: { url: string }) => makeImageRef(i),
    replyMessageId: 'm-1',
    replyImage: () => makeImageRef({ name: 'final.png' }),
  });

  it('reads the job once and carries out each outcome with the platform primitives', async () => {
    const { core, journal } = setup();
    const jobId = await finishedJob(core);

    journal.reads = 0;
    const talk = new Conversation();
    await core.press(press(jobId, 'delete', person('owner')), talk);
    expect(talk.did).toEqual(['delete']);
    expect(journal.reads).toBe(1);

    const other = new Conversation();
    await core.press(press(jobId, 'delete', person('someone', { locale: 'zh' })), other);
    expect(other.did).toEqual([expect.stringMatching(/^whisper:.*管理员/)]);

    const edit = new Conversation();
    await core.press(press(jobId, 'edit', person('owner')), edit);
    expect(edit.form).toMatchObject({ jobId, locale: 'en', title: 'Edit with Scanline' });

    const zhEdit = new Conversation();
    await core.press(press(jobId, 'edit', person('owner', { locale: 'zh' })), zhEdit);
    expect(zhEdit.form?.label).toBe('要怎么修改？');
  });

  it('rerolls and upscales on a new reply, as a new job of the presser', async () => {
    const { core, pipeline } = setup();
    const jobId = await finishedJob(core);
    const talk = new Conversation();
    await core.press(press(jobId, 'reroll', person('friend')), talk);
    expect(talk.did).toEqual(['reply']);
    await talk.sinks[0]?.ended;
    const rerolled = (await pipeline.recentJobs()).at(-1);
    expect(rerolled).toMatchObject({ text: 'draw a fox --seed 3', from: { userId: 'friend' } });
    expect(rerolled?.params.seed).toEqual(expect.any(Number));

    const up = new Conversation();
    await core.press(press(jobId, 'upscale', person('friend')), up);
    expect(up.did).toEqual(['reply']);
    const upscaled = (await pipeline.recentJobs()).at(-1);
    expect(upscaled).toMatchObject({ task: 'edit', replyTo: { messageId: 'm-1', images: [{ name: 'final.png' }] } });
  });

  it('whispers for a button it cannot read or a job that is over', async () => {
    const { core } = setup();
    const jobId = await finishedJob(core);
    const talk = new Conversation();
    await core.press({ ...press(jobId, 'cancel', person('owner')), customId: 'scanline:explode:x' }, talk);
    await core.press(press(jobId, 'cancel', person('owner')), talk);
    await core.press(press('unknown-job', 'reroll', person('owner')), talk);
    expect(talk.did).toHaveLength(3);
    for (const did of talk.did) expect(did).toMatch(/^whisper:.*no longer available/);
  });

  it('acknowledges a cancel of a queued job; its own reply says cancelled', async () => {
    const { core } = setup();
    const blocker = await asked(core.ask({ from: person('a'), text: 'draw one' }, new Conversation()));
    const waiting = new Conversation();
    const queued = await asked(core.ask({ from: person('owner'), text: 'draw two' }, waiting));
    const talk = new Conversation();
    await core.press(press(queued.id, 'cancel', person('owner')), talk);
    expect(talk.did).toEqual(['acknowledge']);
    expect(await queued.done).toBe('cancelled');
    expect(await blocker.done).toBe('done');
  });
});

describe('ChatCore.guard', () => {
  it('tells the sender an error id in their language, logs it, and never rejects', async () => {
    const { core } = setup();
    const told: string[] = [];
    await core.guard('message', { locale: 'zh', tell: async (text) => told.push(text) }, async () => {
      throw new Error('boom');
    });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/[0-9a-f]{8}/);
    expect(told[0]).toMatch(/[\u4e00-\u9fff]/);
    // Telling may fail too (the channel is gone): still no rejection.
    await expect(
      core.guard('message', { locale: async () => 'en', tell: () => Promise.reject(new Error('403')) }, () =>
        Promise.reject(new Error('boom')),
      ),
    ).resolves.toBeUndefined();
    await expect(core.guard('message', undefined, () => Promise.reject(new Error('boom')))).resolves.toBeUndefined();
  });
});

describe('ChatCore.recoverInterrupted', () => {
  it('marks the platform’s unfinished jobs failed and tells each, going on past one it cannot reach', async () => {
    const { core, journal } = setup();
    const base = {
      state: 'running' as const,
      text: 'draw',
      params: {},
      images: [],
      plan: (await import('../router/index.js')).route(makeRequest({ text: 'draw a cat' })),
      createdAt: 1,
      updatedAt: 1,
    };
    await journal.put({ ...base, id: 'a', from: person('x') });
    await journal.put({ ...base, id: 'b', from: person('y') });
    await journal.put({ ...base, id: 'c', from: { ...person('z'), platform: 'slack' } });
    const told: string[] = [];
    const count = await core.recoverInterrupted(async (record, sentence) => {
      if (record.id === 'a') throw new Error('reply gone');
      told.push(`${record.id}:${sentence}`);
    });
    expect(count).toBe(2);
    expect(told).toEqual([expect.stringMatching(/^b:.*interrupted/i)]);
    expect((await journal.get('a'))?.state).toBe('failed');
    expect((await journal.get('c'))?.state).toBe('running');
  });
});
