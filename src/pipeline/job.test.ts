import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../test/helpers/make-request.js';
import { RecordingSink } from '../../test/helpers/recording-sink.js';
import { ScanlineError } from '../common/errors.js';
import { Job } from './job.js';
import { MemoryJobJournal } from './job-journal.js';
import { route } from './router/index.js';

const silent = pino({ level: 'silent' });

function job(text = 'draw a cat') {
  const request = makeRequest({ text });
  const journal = new MemoryJobJournal();
  const sink = new RecordingSink();
  const j = new Job({ id: 'job-1', request, plan: route(request), sink, journal, log: silent, presenter: {} });
  return { job: j, journal, sink };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('Job', () => {
  it('moves queued -> running -> done, journals each state and shows each step', async () => {
    const { job: j, journal, sink } = job();
    j.queued(2);
    j.started();
    await settled();
    expect((await journal.get('job-1'))?.state).toBe('running');
    j.progress({ fraction: 0.5 });
    await settled();
    expect(await j.succeed({ type: 'done', images: [], text: 'a cat' })).toBe('done');
    await settled();
    expect((await journal.get('job-1'))?.state).toBe('done');
    expect(sink.events().map((e) => e.type)).toEqual(['queued', 'started', 'progress', 'done']);
  });

  it('settles once: a late failure or cancel after done changes nothing', async () => {
    const { job: j, sink } = job();
    j.started();
    const first = j.succeed({ type: 'done', images: [] });
    expect(await j.fail(new Error('late'))).toBe('done');
    expect(await j.cancelled()).toBe('done');
    expect(await first).toBe('done');
    j.progress({ fraction: 0.9 });
    j.started();
    expect(sink.events('done')).toHaveLength(1);
    expect(sink.events('failed')).toHaveLength(0);
  });

  it('tells a ScanlineError as is, an abort as cancelled, and a shutdown as interrupted', async () => {
    const refused = job();
    expect(await refused.job.fail(new ScanlineError('image_missing'))).toBe('failed');
    expect(await refused.sink.ended).toMatchObject({ type: 'failed', code: 'image_missing' });

    const aborted = job();
    aborted.job.started();
    expect(await aborted.job.fail(new DOMException('stop', 'AbortError'))).toBe('cancelled');

    const interrupted = job();
    interrupted.job.interrupted = true;
    expect(await interrupted.job.cancelled()).toBe('failed');
    expect(await interrupted.sink.ended).toMatchObject({ type: 'failed', code: 'interrupted' });
  });

  it('gives an unexpected error an id the user can quote', async () => {
    const { job: j, sink } = job();
    await j.fail(new TypeError('x is undefined'));
    const ended = await sink.ended;
    expect(ended).toMatchObject({ type: 'failed', code: 'internal' });
    expect(ended.type === 'failed' && ended.userMessage).toMatch(/[0-9a-f]{8}/);
  });
});
