import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../pipeline/index.js';
import { ChannelPacer } from './channel-pacer.js';
import { DiscordReplySink } from './discord-reply-sink.js';
import type { RenderedReply } from './reply-render.js';
import { locatedAt, type DiscordReplyLocation, type ReplyTarget } from './reply-target.js';

/** A target that posts message ids m1, m2... and can be told to answer 10008 once. */
class FakeTarget implements ReplyTarget {
  readonly channelId = 'c1';
  messageId: string | undefined;
  shows: RenderedReply[] = [];
  removed: string[] = [];
  unknownOnce = false;
  private posts = 0;

  get location(): DiscordReplyLocation {
    return locatedAt({ platform: 'discord', channelId: 'c1', sourceMessageId: 's1' }, this.messageId);
  }

  show(reply: RenderedReply): Promise<void> {
    if (this.unknownOnce) {
      this.unknownOnce = false;
      const raw = { code: RESTJSONErrorCodes.UnknownMessage, message: 'Unknown Message' };
      return Promise.reject(new DiscordAPIError(raw, raw.code, 404, 'PATCH', '/channels/c1/messages/x', {}));
    }
    this.shows.push(reply);
    this.messageId ??= `m${++this.posts}`;
    return Promise.resolve();
  }

  repost(): void {
    this.messageId = undefined;
  }

  remove(messageId: string): Promise<void> {
    this.removed.push(messageId);
    return Promise.resolve();
  }
}

const view = (state: JobView['state']): JobView => ({
  jobId: 'job-1',
  task: 'understand',
  state,
  locale: 'en',
  status: state,
  images: [],
  preview: false,
  notes: [],
  actions: [],
});

function sinkOn(target: FakeTarget, pacer = new ChannelPacer({ limit: 100, windowMs: 1000 })) {
  const live = new Map<string, DiscordReplySink>();
  const gone: string[] = [];
  const budget = { minIntervalMs: 0, maxFileBytes: 1024, previewMime: 'image/webp' as const };
  const sink = new DiscordReplySink(target, { pacer, budget, live, onGone: (id) => gone.push(id) });
  return { sink, live, gone };
}

describe('DiscordReplySink', () => {
  it('says where the reply is once it is posted, and again only when a final moved it to a new message', async () => {
    const target = new FakeTarget();
    const { sink, live } = sinkOn(target);
    expect(await sink.open({ type: 'queued', position: 1 }, view('queued'))).toEqual({
      platform: 'discord',
      channelId: 'c1',
      sourceMessageId: 's1',
      messageId: 'm1',
    });
    expect(live.get('m1')).toBe(sink);
    sink.repost();
    const moved = await sink.finish({ type: 'done', images: [] }, view('done'));
    expect(moved).toMatchObject({ messageId: 'm2' });
    expect(target.removed).toEqual(['m1']);
    // The job is over: its messages no longer end anything when deleted.
    expect(live.size).toBe(0);
  });

  it('reports nothing when the final lands on the message already journaled', async () => {
    const target = new FakeTarget();
    const { sink } = sinkOn(target);
    await sink.open({ type: 'started' }, view('running'));
    expect(await sink.fail({ type: 'cancelled' }, view('cancelled'))).toBeUndefined();
  });

  it('a deleted reply (10008 on an edit, or the gateway) ends the job once and stops the edits', async () => {
    const target = new FakeTarget();
    const { sink, gone } = sinkOn(target);
    await sink.open({ type: 'started' }, view('running'));
    target.unknownOnce = true;
    await sink.update({ type: 'progress', fraction: 0.5 }, view('running'));
    sink.markGone();
    expect(sink.gone).toBe(true);
    expect(gone).toEqual(['job-1']);
    await sink.update({ type: 'progress', fraction: 0.6 }, view('running'));
    expect(target.shows).toHaveLength(1);
  });

  it('paces updates on the channel pacer, and an aborted pace returns at once', async () => {
    const target = new FakeTarget();
    const { sink } = sinkOn(target, new ChannelPacer({ limit: 1, windowMs: 60_000 }));
    await sink.open({ type: 'started' }, view('running'));
    const ending = new AbortController();
    let paced = false;
    const pacing = sink.pace(ending.signal).then(() => (paced = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(paced).toBe(false);
    ending.abort();
    await pacing;
    expect(paced).toBe(true);
  });
});
