import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/index.js';
import { makeImageRef, makeRequest } from '../../test/helpers/make-request.js';
import { RecordingSink } from '../../test/helpers/recording-sink.js';
import { characterAccuracy, makeSign, renderTextImage } from '../../test/fixtures/text-images.js';
import { Pipeline } from './pipeline.js';
import { Scheduler, type JobScheduler, type SchedulerJob } from './scheduler/scheduler.js';
import type { JobEvent } from './types.js';
import type { TaskOutput } from './tasks/task-handler.js';
import type { WorkRunner } from './work.js';
import { t } from '../common/messages.js';

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}

const silent = pino({ level: 'silent' });
let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start({ device: 'cpu', intraOpThreads: 2, spinning: false, modelsDirs: [] }, () => undefined);
});
afterAll(async () => {
  await engine?.close();
});

function pipeline(caps = { perUser: 3, perChannel: 10, global: 50 }) {
  const scheduler = new Scheduler({ concurrency: 1, caps });
  return { scheduler, pipeline: new Pipeline({ engine, scheduler, maxPixels: 40_000_000, log: silent }) };
}

const bytesRef = (bytes: Uint8Array, name = 'upload.png') => makeImageRef({ name, fetch: async () => bytes });

describe('Pipeline', () => {
  it('reads the text of a sign end to end: queued, started, done with text, boxes and an annotated PNG', async () => {
    const sign = await makeSign();
    const { pipeline: p } = pipeline();
    const sink = new RecordingSink();
    const handle = p.submit(makeRequest({ text: 'read the text in this image', images: [bytesRef(sign.png)] }), sink);
    expect(handle.plan.task).toBe('ocr');
    expect(await handle.done).toBe('done');
    expect(sink.calls[0]?.method).toBe('open');
    expect(sink.calls[0]?.event).toEqual({ type: 'queued', position: 1 });
    const done = (await sink.ended) as Extract<JobEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(characterAccuracy(sign.truth, done.text ?? '')).toBeGreaterThanOrEqual(0.95);
    expect(done.annotations?.length).toBe(3);
    for (const a of done.annotations ?? []) {
      expect(a.box1000.every((v) => v >= 0 && v <= 1000)).toBe(true);
      expect(a.box[2]).toBeGreaterThan(a.box[0]);
    }
    expect(done.images[0]?.mime).toBe('image/png');
    expect(done.images[0]?.width).toBe(800);
    expect(done.timingsMs?.total).toBeGreaterThan(0);
    expect(sink.calls.at(-1)?.method).toBe('finish');
  });

  it('answers in Chinese when the instruction is Chinese and the image is missing', async () => {
    const { pipeline: p } = pipeline();
    const sink = new RecordingSink();
    await p.submit(makeRequest({ text: '识别这张图片里的文字' }), sink).done;
    const failed = (await sink.ended) as Extract<JobEvent, { type: 'failed' }>;
    expect(failed).toMatchObject({ type: 'failed', code: 'image_missing' });
    expect(failed.userMessage).toMatch(/图片/);
  });

  it('turns a corrupt upload into a clear failure and keeps serving the next request', async () => {
    const { pipeline: p } = pipeline();
    const sign = await makeSign();
    const broken = new RecordingSink();
    const truncated = sign.png.subarray(0, Math.floor(sign.png.length / 2));
    await p.submit(makeRequest({ text: 'read the text', images: [bytesRef(truncated, 'half.png')] }), broken).done;
    expect(await broken.ended).toMatchObject({ type: 'failed', code: 'image_corrupt' });
    expect((broken.events('failed')[0] as { userMessage: string }).userMessage).toContain('half.png');

    const ok = new RecordingSink();
    await p.submit(makeRequest({ text: 'read the text', images: [bytesRef(sign.png)] }), ok).done;
    expect((await ok.ended).type).toBe('done');
  });

  it('tells a user past their cap why and when to retry, and serves others meanwhile', async () => {
    const { pipeline: p } = pipeline({ perUser: 1, perChannel: 10, global: 10 });
    const image = await renderTextImage({ lines: ['HELLO'], width: 400, height: 200 });
    const first = new RecordingSink();
    const second = new RecordingSink();
    const other = new RecordingSink();
    const h1 = p.submit(makeRequest({ text: 'read the text', images: [bytesRef(image.png)] }), first);
    const h2 = p.submit(makeRequest({ text: 'read the text', images: [bytesRef(image.png)] }), second);
    const h3 = p.submit(
      makeRequest({ text: 'read the text', images: [bytesRef(image.png)], from: { userId: 'user-2' } }),
      other,
    );
    expect(await h2.done).toBe('failed');
    const busy = (await second.ended) as Extract<JobEvent, { type: 'failed' }>;
    expect(busy.code).toBe('busy_user');
    expect(busy.userMessage).toMatch(/try again/);
    expect(await h1.done).toBe('done');
    expect(await h3.done).toBe('done');
    expect(other.events('queued')[0]).toEqual({ type: 'queued', position: 2 });
  });

  it('cancels a queued job (only for its requester) and a running one', async () => {
    const { pipeline: p } = pipeline();
    const big = await renderTextImage({ lines: ['A LONG RUNNING SIGN', '很长的标题'], width: 3000, height: 2000 });
    const running = new RecordingSink();
    const queued = new RecordingSink();
    const h1 = p.submit(makeRequest({ text: 'read the text', images: [bytesRef(big.png)] }), running);
    const h2 = p.submit(makeRequest({ text: 'read the text', images: [bytesRef(big.png)] }), queued);
    expect(p.cancel(h2.id, { userId: 'someone-else' })).toBe('forbidden');
    expect(p.cancel(h2.id, { userId: 'user-1' })).toBe('cancelled');
    expect(await h2.done).toBe('cancelled');
    expect(await queued.ended).toEqual({ type: 'cancelled' });
    // Cancel the running one once the engine is at work.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (running.events('started').length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    expect(p.cancel(h1.id, { userId: 'moderator', isModerator: true })).toBe('cancelled');
    expect(await h1.done).toBe('cancelled');
    expect(running.calls.filter((c) => c.method === 'finish')).toHaveLength(0);
    expect(p.activeJobs).toBe(0);
  });

  it('answers "help" with no image with the list of what it can do', async () => {
    const { pipeline: p } = pipeline();
    const sink = new RecordingSink();
    await p.submit(makeRequest({ text: 'what can you do?' }), sink).done;
    const done = (await sink.ended) as Extract<JobEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.text?.length).toBeGreaterThan(20);
    // Said once: the answer, not the answer and the same sentence again as a note (issue 12).
    expect(sink.lastView?.text).toBe(done.text);
    expect(sink.lastView?.notes).toEqual([]);
  });

  it('says plainly when a task has no handler', async () => {
    const scheduler = new Scheduler({ concurrency: 1, caps: { perUser: 3, perChannel: 10, global: 50 } });
    const p = new Pipeline({ engine, scheduler, maxPixels: 40_000_000, log: silent, handlers: {} });
    const sink = new RecordingSink();
    await p.submit(makeRequest({ text: 'draw a shiba in a spacesuit --ar 16:9' }), sink).done;
    expect(await sink.ended).toMatchObject({ type: 'failed', code: 'task_unavailable' });
  });
});

describe('Pipeline journal', () => {
  it('records jobs with where their reply is, and reports jobs cut off by a restart', async () => {
    const { MemoryJobJournal } = await import('./job-journal.js');
    const journal = new MemoryJobJournal();
    const scheduler = new Scheduler({ concurrency: 1, caps: { perUser: 3, perChannel: 10, global: 50 } });
    const p = new Pipeline({ engine, scheduler, maxPixels: 40_000_000, log: silent, journal });
    const sink = new RecordingSink(
      {},
      { location: { platform: 'discord', channelId: 'channel-1', messageId: 'reply-1' } },
    );
    const handle = p.submit(makeRequest({ text: 'draw a fox --seed 3' }), sink, {
      reply: { platform: 'discord', channelId: 'channel-1', sourceMessageId: 'm0' },
    });
    await handle.done;
    const record = await p.record(handle.id);
    // The sink said where it posted the reply; the pipeline journaled it over the location given at submit.
    expect(record).toMatchObject({
      text: 'draw a fox --seed 3',
      reply: { platform: 'discord', channelId: 'channel-1', messageId: 'reply-1' },
    });

    // A job left "running" by a previous process: the embedded scheduler ran it in that process, so even
    // with a reply to reattach to, nothing finishes it and it is told interrupted.
    await journal.put({ ...record!, id: 'old-job', state: 'running' });
    const reattached: string[] = [];
    const reattach = (r: { id: string }) => {
      reattached.push(r.id);
      return new RecordingSink();
    };
    const { interrupted, adopted } = await p.recoverInterrupted('discord', reattach);
    expect(interrupted.map((r) => r.id)).toEqual(['old-job']);
    expect(adopted).toEqual([]);
    expect((await journal.get('old-job'))?.state).toBe('failed');
    expect(await p.recoverInterrupted('discord')).toEqual({ interrupted: [], adopted: [] });
  });
});

describe('Pipeline shutdown', () => {
  it('tells queued and running jobs they were interrupted', async () => {
    const { pipeline: p } = pipeline();
    const big = await renderTextImage({ lines: ['SHUTDOWN SOON'], width: 3000, height: 2000 });
    const running = new RecordingSink();
    const queued = new RecordingSink();
    const h1 = p.submit(makeRequest({ text: 'read the text', images: [bytesRef(big.png)] }), running);
    const h2 = p.submit(makeRequest({ text: '识别文字', images: [bytesRef(big.png)] }), queued);
    await p.interruptAll();
    expect(await h1.done).toBe('failed');
    expect(await h2.done).toBe('failed');
    expect(await running.ended).toMatchObject({ type: 'failed', code: 'interrupted' });
    expect(((await queued.ended) as { userMessage: string }).userMessage).toMatch(/重启/);
    expect(p.activeJobs).toBe(0);
  });

  it('hands a Discord job its scheduler can hand off to the next process, and still interrupts a playground one', async () => {
    const { MemoryJobJournal } = await import('./job-journal.js');
    const journal = new MemoryJobJournal();
    // Holds jobs as a distributed scheduler's workers would: nothing runs here.
    const held = new Map<string, SchedulerJob>();
    const scheduler: JobScheduler = {
      submit(job) {
        held.set(job.id, job);
        job.onQueued?.(1);
        return { done: new Promise(() => undefined) };
      },
      cancel(id) {
        const job = held.get(id);
        held.delete(id);
        job?.onCancelled?.();
        return job !== undefined;
      },
      handOff: (id) => held.delete(id),
      stats: () => ({ queued: held.size, running: 0, users: 0 }),
      onIdle: async () => undefined,
      close: async () => undefined,
    };
    const p = new Pipeline({ engine, scheduler, maxPixels: 40_000_000, log: silent, journal });
    const discord = new RecordingSink();
    const web = new RecordingSink();
    const kept = p.submit(makeRequest({ text: 'draw a fox --seed 3' }), discord);
    const told = p.submit(makeRequest({ text: 'draw a cat --seed 3', from: { platform: 'web' } }), web);
    await p.interruptAll();
    expect(await web.ended).toMatchObject({ type: 'failed', code: 'interrupted' });
    expect((await journal.get(told.id))?.state).toBe('failed');
    // Left as it was for the next process: no final, its record unfinished.
    expect(discord.calls.map((c) => c.method)).toEqual(['open']);
    expect((await journal.get(kept.id))?.state).toBe('queued');
    expect(p.activeJobs).toBe(0);
  });

  it("takes over a stopped process's job its scheduler still has, on the reply reattached, and tells the rest interrupted", async () => {
    const { MemoryJobJournal } = await import('./job-journal.js');
    const journal = new MemoryJobJournal();
    // A distributed scheduler's side as the pipeline sees it: 'kept' still runs on a worker, 'lost' is gone.
    let finish!: (output: TaskOutput) => void;
    const scheduler: JobScheduler = {
      submit: () => ({ done: new Promise(() => undefined) }),
      cancel: () => false,
      adopt: async (job) => {
        if (job.id !== 'kept') return undefined;
        job.onStarted?.();
        return { done: job.run(new AbortController().signal).then(() => 'done' as const) };
      },
      stats: () => ({ queued: 0, running: 0, users: 0 }),
      onIdle: async () => undefined,
      close: async () => undefined,
    };
    const work: WorkRunner = {
      run: () => Promise.reject(new Error('not here')),
      resume: (opts) => {
        opts.progress({ fraction: 0.5 });
        return new Promise((resolve) => (finish = resolve));
      },
    };
    const p = new Pipeline({ engine, scheduler, work, maxPixels: 40_000_000, log: silent, journal });
    const base = {
      from: makeRequest().from,
      text: 'draw a fox',
      params: {},
      images: [],
      plan: { task: 'generate' as const, prompt: 'a fox', steps: [], params: {}, locale: 'en' as const, hints: [] },
      reply: { platform: 'discord' as const, channelId: 'channel-1', messageId: 'reply-1' },
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    await journal.put({ ...base, id: 'kept', state: 'running' });
    await journal.put({ ...base, id: 'lost', state: 'queued' });
    const sink = new RecordingSink();
    const { interrupted, adopted } = await p.recoverInterrupted('discord', (r) => (r.id === 'kept' ? sink : undefined));
    expect(interrupted.map((r) => r.id)).toEqual(['lost']);
    expect(adopted.map((r) => r.id)).toEqual(['kept']);
    expect((await journal.get('lost'))?.state).toBe('failed');
    // While it runs elsewhere the reply says so; Cancel is offered.
    await until(() => sink.calls.length >= 1);
    expect(sink.calls[0]).toMatchObject({ method: 'open', event: { type: 'started' } });
    expect(sink.lastView?.notes).toContain(t('stillWorking', 'en'));
    expect(sink.lastView?.actions.map((a) => a.id)).toEqual(['cancel']);
    expect(p.activeJobs).toBe(1);
    const png = new Uint8Array([137, 80, 78, 71]);
    finish({ images: [{ data: png, mime: 'image/png', width: 1, height: 1, name: 'fox.png' }], timingsMs: {} });
    const done = (await sink.ended) as Extract<JobEvent, { type: 'done' }>;
    expect(done.images[0]?.data).toEqual(png);
    expect(sink.lastView?.notes).not.toContain(t('stillWorking', 'en'));
    expect(sink.lastView?.actions.map((a) => a.id)).toContain('reroll');
    await until(async () => (await journal.get('kept'))?.state === 'done');
    expect(p.activeJobs).toBe(0);
  });
});
