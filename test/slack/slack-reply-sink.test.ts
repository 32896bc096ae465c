// The Slack ReplySink against FakeSlack with the real WebClient: preview frames as private files in
// image blocks, the invalid_blocks retry and its text fallback, the final shared into the thread.
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SlackReplyLocation } from '../../src/adapters/slack/slack-location.js';
import { SlackReplySink } from '../../src/adapters/slack/slack-reply-sink.js';
import { TeamUpdateBudget } from '../../src/adapters/slack/update-budget.js';
import { encodePreview } from '../../src/pipeline/image-io/index.js';
import type { EncodedImage, JobView } from '../../src/pipeline/types.js';
import { makeSign } from '../fixtures/text-images.js';
import { FakeSlack } from '../fakes/fake-slack.js';

const TOKEN = 'xoxb-sink-test-0000';
let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(fileProcessingMs: number) {
  fake = await new FakeSlack({ botToken: TOKEN, fileProcessingMs }).start();
  const client = new WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const attached: (SlackReplyLocation | undefined)[] = [];
  const budget = new TeamUpdateBudget({ perMinute: 60_000, burst: 10 });
  const sink = new SlackReplySink(
    { channel: 'C1', team: 'T1', thread: '1700000000.000001' },
    {
      client,
      budget,
      log: pino({ level: 'silent' }),
      timings: { minIntervalMs: 0, invalidBlocksRetryMs: 40 },
    },
  );
  return { fake, sink, attached, budget };
}

/** The presenter's signal; it aborts only when the final is about to be shown. */
const live = new AbortController().signal;

const view = (over: Partial<JobView>): JobView => ({
  jobId: 'job-1',
  task: 'generate',
  state: 'running',
  locale: 'en',
  status: 'Drawing: 50%',
  images: [],
  preview: false,
  notes: [],
  actions: [],
  ...over,
});

async function frame(): Promise<EncodedImage> {
  const sign = await makeSign(320, 240);
  return encodePreview(sign.raw, { mime: 'image/jpeg' });
}

const settle = (sink: SlackReplySink, n: number) =>
  new Promise<void>((resolve, reject) => {
    const until = Date.now() + 5000;
    const tick = () =>
      sink.updates >= n ? resolve() : Date.now() > until ? reject(new Error('no update')) : setTimeout(tick, 10);
    tick();
  });

describe('SlackReplySink', () => {
  it('shows frames as private files in fresh image blocks and shares only the final into the thread', async () => {
    const { fake: f, sink, attached } = await setup(0);
    const image = await frame();
    attached.push(
      await sink.open({ type: 'queued', position: 1 }, view({ state: 'queued', status: 'Queued: position 1.' })),
    );
    for (let i = 1; i <= 2; i++) {
      await sink.update({ type: 'progress', fraction: i / 3 }, view({ images: [image], preview: true }), live);
      await settle(sink, i);
    }
    const final = { ...image, mime: 'image/png' as const, name: 'final.png' };
    attached.push(
      await sink.finish(
        { type: 'done', images: [final] },
        view({ state: 'done', status: 'Done in 1.0 s.', images: [final] }),
      ),
    );

    const blocks = f
      .callsOf('chat.update')
      .map((c) => (c.args.blocks as Record<string, unknown>[]).find((b) => b.type === 'image'));
    const frames = blocks.filter((b) => b !== undefined);
    expect(frames).toHaveLength(2);
    expect(frames[0]?.block_id).not.toBe(frames[1]?.block_id);
    const completes = f.callsOf('files.completeUploadExternal');
    expect(completes.filter((c) => c.args.channel_id === undefined)).toHaveLength(2);
    expect(
      completes.filter((c) => c.args.channel_id === 'C1' && c.args.thread_ts === '1700000000.000001'),
    ).toHaveLength(1);
    expect(attached.at(-1)?.file).toMatch(/^F/);
    expect(attached.at(-1)?.fileUrl).toContain('/files-pri/');
    // Frames are deleted once the final is up.
    await new Promise((r) => setTimeout(r, 100));
    expect(f.callsOf('files.delete')).toHaveLength(2);
  });

  it('retries an image block Slack calls invalid once, then falls back to text progress', async () => {
    const { fake: f, sink } = await setup(60_000);
    const image = await frame();
    await sink.open({ type: 'started' }, view({}));
    await sink.update({ type: 'progress', fraction: 0.5 }, view({ images: [image], preview: true }), live);
    await settle(sink, 1);
    const updates = f.callsOf('chat.update');
    expect(updates).toHaveLength(3);
    const hasImage = (c: (typeof updates)[number]) =>
      (c.args.blocks as Record<string, unknown>[]).some((b) => b.type === 'image');
    expect(updates.map(hasImage)).toEqual([true, true, false]);
    // Later frames skip the upload.
    const uploads = f.callsOf('files.getUploadURLExternal').length;
    await sink.update(
      { type: 'progress', fraction: 0.8 },
      view({ images: [image], preview: true, status: 'Drawing: 80%' }),
      live,
    );
    await settle(sink, 2);
    expect(f.callsOf('files.getUploadURLExternal').length).toBe(uploads);
  });

  it('does not let a frame waiting for the budget delay the final', async () => {
    fake = await new FakeSlack({ botToken: TOKEN }).start();
    const client = new WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    const budget = new TeamUpdateBudget({ perMinute: 1, burst: 1 });
    const sink = new SlackReplySink(
      { channel: 'C1', team: 'T1' },
      {
        client,
        budget,
        log: pino({ level: 'silent' }),
        timings: { minIntervalMs: 0, invalidBlocksRetryMs: 10 },
      },
    );
    // As the presenter does: each update waits for the sink's pace; the final aborts a frame still waiting.
    const ending = new AbortController();
    await sink.open({ type: 'started' }, view({}));
    await sink.pace(ending.signal);
    await sink.update({ type: 'progress', fraction: 0.1 }, view({ status: 'Drawing: 10%' }), ending.signal);
    await settle(sink, 1);
    // The bucket is empty for a minute now; this frame waits, the final does not.
    const waiting = sink
      .pace(ending.signal)
      .then(() =>
        ending.signal.aborted
          ? undefined
          : sink.update({ type: 'progress', fraction: 0.2 }, view({ status: 'Drawing: 20%' }), ending.signal),
      );
    ending.abort();
    await waiting;
    await sink.finish(
      { type: 'done', images: [] },
      view({ state: 'done', status: 'Done in 0.1 s.', text: 'hello <!channel>' }),
    );
    const last = fake.callsOf('chat.update').at(-1);
    expect(String(last?.args.text)).toContain('Done in 0.1 s.');
    expect(String(last?.args.text)).toContain('&lt;!channel&gt;');
    expect(fake.callsOf('chat.update').some((c) => String(c.args.text).includes('20%'))).toBe(false);
  });

  it('drops a frame Slack answers 429 and pauses the whole team; the next frame waits out the pause', async () => {
    const { fake: f, sink, budget } = await setup(0);
    const located = await sink.open({ type: 'started' }, view({}));
    expect(located).toMatchObject({ platform: 'slack', channel: 'C1', team: 'T1', thread: '1700000000.000001' });
    expect(located?.ts).toBe(f.messages.at(-1)?.ts);
    f.rateLimit('chat.update', 1, 1);
    // Said, not thrown: the presenter counts it as a dropped frame.
    expect(await sink.update({ type: 'progress', fraction: 0.2 }, view({ status: 'Drawing: 20%' }), live)).toBe(
      'failed',
    );
    expect(f.throttled).toEqual(['chat.update']);
    expect(sink.updates).toBe(0);
    expect(budget.waitMs('T1')).toBeGreaterThan(500);
    expect(budget.waitMs('T2')).toBe(0);
    const started = Date.now();
    await sink.pace(live);
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('marks the reply gone when a frame meets message_not_found, and the final goes to a new reply', async () => {
    const { fake: f, sink } = await setup(0);
    const first = await sink.open({ type: 'started' }, view({}));
    f.messages.splice(
      f.messages.findIndex((m) => m.ts === first?.ts),
      1,
    );
    expect(await sink.update({ type: 'progress', fraction: 0.5 }, view({ status: 'Drawing: 50%' }), live)).toBe(
      'failed',
    );
    expect(sink.gone).toBe(true);
    sink.repost();
    const moved = await sink.finish(
      { type: 'done', images: [] },
      view({ state: 'done', status: 'Done in 0.1 s.', text: 'ok' }),
    );
    expect(moved?.ts).toBeDefined();
    expect(moved?.ts).not.toBe(first?.ts);
    expect(f.message('C1', moved?.ts ?? '')).toBeDefined();
  });
});
