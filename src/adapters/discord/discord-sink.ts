import { RESTJSONErrorCodes } from 'discord.js';
import type { EncodedImage, JobEvent, JobView, ReplySink, SinkBudget } from '../../pipeline/types.js';
import type { ChannelPacer } from './channel-pacer.js';
import { renderReply } from './reply-render.js';
import { isDiscordError, type ReplyTarget } from './reply-target.js';

export interface DiscordSinkDeps {
  pacer: ChannelPacer;
  budget: SinkBudget;
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
  /** A message a repost left behind that still claims the job is queued or running. */
  private leftBehind: string | undefined;
  /** MESSAGE_DELETE events our own delete of `leftBehind` will cause: they are not the user's. */
  private ownDeletes = 0;
  /** Message edits sent, for logs and tests. */
  edits = 0;

  constructor(target: ReplyTarget, deps: DiscordSinkDeps) {
    this.target = target;
    this.deps = deps;
    this.budget = deps.budget;
  }

  get messageId(): string | undefined {
    return this.target.messageId;
  }

  open(_event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<void> {
    return this.show(view);
  }

  update(_event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void> {
    return this.show(view);
  }

  finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void> {
    return this.showFinal(view);
  }

  fail(_event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void> {
    return this.showFinal(view);
  }

  get gone(): boolean {
    return this.isGone;
  }

  /** No access to the channel, or the channel is gone: no retry or new reply can land there. */
  isPermanent(error: unknown): boolean {
    return isDiscordError(
      error,
      RESTJSONErrorCodes.MissingAccess,
      RESTJSONErrorCodes.MissingPermissions,
      RESTJSONErrorCodes.UnknownChannel,
      RESTJSONErrorCodes.ThreadLocked,
    );
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

  private async showFinal(view: JobView): Promise<void> {
    await this.show(view);
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
    await this.deps.pacer.wait(this.target.channelId);
    if (this.isGone) return;
    try {
      await this.target.show(reply);
      this.edits += 1;
      this.shown = view.images;
    } catch (error) {
      if (isDiscordError(error, RESTJSONErrorCodes.UnknownMessage)) {
        this.setGone();
        return;
      }
      throw error;
    }
  }
}
