import { RESTJSONErrorCodes } from 'discord.js';
import type { EncodedImage, JobEvent, JobView, ReplyLocation, ReplySink, SinkBudget } from '../../pipeline/index.js';
import type { ChannelPacer } from './channel-pacer.js';
import { isDiscordError, PERMANENT } from './discord-errors.js';
import { renderReply } from './reply-render.js';
import type { ReplyTarget } from './reply-target.js';

export interface DiscordSinkDeps {
  pacer: ChannelPacer;
  budget: SinkBudget;
  /** Live replies by message id, so a MESSAGE_DELETE reaches the sink of the job it ends. */
  live: Map<string, DiscordReplySink>;
  /** The reply was deleted: the job should stop (called once). */
  onGone(jobId: string): void;
}

/**
 * Shows one job as one Discord message: posted at once with the queue
 * position, edited with preview frames and the status line, then the final
 * image with buttons. Stops quietly once the message is gone; a final that
 * fails rejects, and the presenter retries it or asks for a new message.
 */
export class DiscordReplySink implements ReplySink {
  readonly budget: SinkBudget;
  private readonly target: ReplyTarget;
  private readonly deps: DiscordSinkDeps;
  /** The images the message currently carries (by identity), so unchanged frames are not uploaded again. */
  private shown: readonly EncodedImage[] | undefined;
  private jobId: string | undefined;
  private isGone = false;
  /** The message id the pipeline was last told about. */
  private reported: string | undefined;
  /** Every message this reply lived in and registered in `live` (a final may move to a new one). */
  private readonly posted = new Set<string>();
  /** A message a repost left behind that still claims the job is queued or running. */
  private leftBehind: string | undefined;
  /** MESSAGE_DELETE events our own delete of `leftBehind` will cause: they are not the user's. */
  private ownDeletes = 0;

  constructor(target: ReplyTarget, deps: DiscordSinkDeps) {
    this.target = target;
    this.deps = deps;
    this.budget = deps.budget;
  }

  async open(_event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<ReplyLocation | void> {
    await this.deps.pacer.wait(this.target.channelId);
    await this.show(view);
    return this.moved();
  }

  /** Paced by `pace`, which the presenter awaits first: the edit goes out at once. */
  update(_event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void> {
    return this.show(view);
  }

  pace(signal: AbortSignal): Promise<void> {
    return this.deps.pacer.wait(this.target.channelId, signal);
  }

  finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<ReplyLocation | void> {
    return this.showFinal(view);
  }

  fail(_event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<ReplyLocation | void> {
    return this.showFinal(view);
  }

  get gone(): boolean {
    return this.isGone;
  }

  isPermanent(error: unknown): boolean {
    return isDiscordError(error, ...PERMANENT);
  }

  repost(): void {
    if (!this.isGone && this.target.messageId) this.leftBehind = this.target.messageId;
    this.isGone = false;
    this.shown = undefined;
    this.target.repost();
  }

  /** The reply was deleted (gateway MESSAGE_DELETE or 10008 on an edit): stop editing and end the job. */
  markGone(): void {
    if (this.ownDeletes > 0) {
      this.ownDeletes -= 1;
      return;
    }
    this.setGone();
  }

  private setGone(): void {
    if (this.isGone) return;
    this.isGone = true;
    if (this.jobId) this.deps.onGone(this.jobId);
  }

  /** Where the reply is now, when the pipeline has not been told yet (first post, or a new message). */
  private moved(): ReplyLocation | void {
    const messageId = this.target.messageId;
    if (!messageId || messageId === this.reported) return;
    this.reported = messageId;
    return this.target.location;
  }

  private async showFinal(view: JobView): Promise<ReplyLocation | void> {
    try {
      await this.deps.pacer.wait(this.target.channelId);
      await this.show(view);
      const location = this.moved();
      await this.removeLeftBehind();
      return location;
    } finally {
      // The job is over: a later delete of its reply ends nothing (a failed final finds 10008 by itself).
      for (const messageId of this.posted) if (this.deps.live.get(messageId) === this) this.deps.live.delete(messageId);
      this.posted.clear();
    }
  }

  private async removeLeftBehind(): Promise<void> {
    const old = this.leftBehind;
    if (this.isGone || !old) return;
    this.ownDeletes += 1;
    try {
      await this.deps.pacer.wait(this.target.channelId);
      await this.target.remove(old);
    } catch (error) {
      this.ownDeletes -= 1;
      if (!isDiscordError(error, RESTJSONErrorCodes.UnknownMessage)) throw error;
    }
    this.leftBehind = undefined;
  }

  private async show(view: JobView): Promise<void> {
    this.jobId = view.jobId;
    if (this.isGone) return;
    const reply = renderReply(view, this.shown);
    try {
      await this.target.show(reply);
      this.shown = view.images;
      this.register();
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownMessage)) {
        this.setGone();
        return;
      }
      throw error;
    }
  }

  private register(): void {
    const messageId = this.target.messageId;
    if (!messageId || this.posted.has(messageId)) return;
    this.posted.add(messageId);
    this.deps.live.set(messageId, this);
  }
}
