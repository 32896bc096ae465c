// One job's reply in Slack: posted at once in the thread, previews shown by chat.update with a
// slack_file image, the final image shared into the thread and the reply turned into its caption.
// A final that did not land rejects (the presenter retries it); a repeat skips what already landed.
import { t } from '../../common/messages.js';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { EncodedImage, JobEvent, JobView, PreviewNotShown, ReplySink, SinkBudget } from '../../pipeline/index.js';
import { renderJobBlocks, type SlackBlock } from './slack-blocks.js';
import { isPermanentSlackError, platformError, retryAfterMs, withRateLimitRetry } from './slack-errors.js';
import { parseSlackFile, uploadImage } from './slack-files.js';
import { placeOf, type SlackPlace, type SlackReplyLocation } from './slack-location.js';
import { sleep, type TeamUpdateBudget } from './update-budget.js';

export interface SlackSinkTimings {
  /** Minimum time between two updates of one reply (the presenter's throttle). */
  minIntervalMs: number;
  /** Wait before the one retry of an image block Slack called invalid (files process asynchronously). */
  invalidBlocksRetryMs: number;
}

export const DEFAULT_SINK_TIMINGS: SlackSinkTimings = { minIntervalMs: 2500, invalidBlocksRetryMs: 1500 };

/** Slack's documented upload limit (1 GB): finals stay PNG. */
const SLACK_MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** The final image shared into the thread, as journaled for Upscale, Edit and Delete. */
type SharedFile = Required<Pick<SlackReplyLocation, 'file' | 'fileName'>> & Pick<SlackReplyLocation, 'fileUrl'>;

export interface SlackSinkDeps {
  client: WebClient;
  budget: TeamUpdateBudget;
  log: Logger;
  timings: SlackSinkTimings;
  /** Told when the reply is posted (the adapter tracks its threads for reply-to-iterate). */
  onPosted?(location: SlackReplyLocation & { ts: string }, jobId: string): void;
  /** Told when the reply could not be posted at all (e.g. `not_in_channel` for a slash command). */
  onPostFailed?(error: unknown): void;
  /** The reply's ts when it was posted already (a job taken over after a restart): it is updated, not posted again. */
  posted?: string;
}

export class SlackReplySink implements ReplySink {
  readonly budget: SinkBudget;
  private readonly location: SlackReplyLocation;
  private readonly deps: SlackSinkDeps;
  private posting: Promise<string | undefined> | undefined;
  private previewsOff = false;
  private readonly frameFiles: string[] = [];
  private frameSeq = 0;
  private isGone = false;
  /** A reply a repost left behind, deleted once the new one holds the final. */
  private leftBehind: string | undefined;
  /** Final images already shared into the thread, so a retried final does not post them twice. */
  private readonly sharedFinals = new Map<EncodedImage, SharedFile>();
  /** The location last handed to the pipeline: it is journaled again only when it changed. */
  private told = '';
  private postFailureTold = false;
  /** chat.update calls that reached Slack (tests and the log read it). */
  updates = 0;

  constructor(place: SlackPlace, deps: SlackSinkDeps) {
    this.location = placeOf(place);
    this.deps = deps;
    if (deps.posted) {
      this.location.ts = deps.posted;
      this.posting = Promise.resolve(deps.posted);
    }
    this.budget = {
      minIntervalMs: deps.timings.minIntervalMs,
      maxFileBytes: SLACK_MAX_FILE_BYTES,
      previewMime: 'image/jpeg',
    };
  }

  async open(
    _event: Extract<JobEvent, { type: 'queued' | 'started' }>,
    view: JobView,
  ): Promise<SlackReplyLocation | undefined> {
    return (await this.post(view)) ? this.changed() : undefined;
  }

  /** Slack's chat.update budget is the workspace's, shared by every reply there. */
  async pace(signal: AbortSignal): Promise<void> {
    try {
      await this.deps.budget.acquire(this.location.team, signal);
    } catch (error) {
      // The final is about to be shown: this frame is not wanted any more.
      if (!signal.aborted) throw error;
    }
  }

  async update(
    _event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>,
    view: JobView,
    signal: AbortSignal,
  ): Promise<void | PreviewNotShown> {
    const ts = await this.post(view);
    if (signal.aborted) return 'ended';
    if (!ts) return 'failed';
    try {
      return (await this.showFrame(ts, view, signal)) ? undefined : 'failed';
    } catch (error) {
      if (signal.aborted) return 'ended';
      const wait = retryAfterMs(error);
      if (wait !== undefined) {
        // Slack asked the whole workspace to slow down: this frame is dropped, the next one waits its pace.
        this.deps.budget.pause(this.location.team, wait);
        return 'failed';
      }
      // The reply was deleted: previews stop; the final goes to a new reply.
      if (platformError(error) !== 'message_not_found') throw error;
      this.isGone = true;
      return 'failed';
    }
  }

  async finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<SlackReplyLocation | undefined> {
    const ts = await this.postOrThrow(view);
    let uploadError: unknown;
    for (const image of view.images) {
      if (this.sharedFinals.has(image)) continue;
      try {
        this.sharedFinals.set(image, await this.shareFinal(image));
      } catch (error) {
        uploadError ??= error;
        this.deps.log.warn({ err: error, job: view.jobId }, 'final image upload failed');
      }
    }
    const notes: string[] = [];
    if (view.images.length > 0) {
      notes.push(t(this.sharedFinals.size > 0 ? 'imageBelow' : 'uploadFailed', view.locale));
    }
    // The reply says "done" even while an upload is still to be retried: it never stays "running".
    await this.finalUpdate(ts, renderJobBlocks(view, { extraNotes: notes }));
    const first = view.images.map((image) => this.sharedFinals.get(image)).find((shared) => shared !== undefined);
    if (first) Object.assign(this.location, first);
    if (uploadError !== undefined) throw uploadError;
    await this.dropLeftBehind();
    this.dropFrames();
    return this.changed();
  }

  async fail(
    _event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>,
    view: JobView,
  ): Promise<SlackReplyLocation | undefined> {
    const ts = await this.postOrThrow(view);
    await this.finalUpdate(ts, renderJobBlocks(view));
    await this.dropLeftBehind();
    this.dropFrames();
    return this.changed();
  }

  get gone(): boolean {
    return this.isGone;
  }

  isPermanent(error: unknown): boolean {
    return isPermanentSlackError(error);
  }

  repost(): void {
    if (!this.isGone && this.location.ts) this.leftBehind = this.location.ts;
    this.isGone = false;
    this.posting = undefined;
    delete this.location.ts;
  }

  /** The location, when it differs from the one the pipeline last journaled. */
  private changed(): SlackReplyLocation | undefined {
    const now = JSON.stringify(this.location);
    if (now === this.told) return undefined;
    this.told = now;
    return { ...this.location };
  }

  private async postOrThrow(view: JobView): Promise<string> {
    const ts = await this.post(view);
    if (!ts) throw new Error('the Slack reply could not be posted');
    return ts;
  }

  /** The old reply still says queued or running: delete it now that the new one holds the result. */
  private async dropLeftBehind(): Promise<void> {
    const ts = this.leftBehind;
    if (!ts) return;
    try {
      await this.deps.client.chat.delete({ channel: this.location.channel, ts });
    } catch (error) {
      if (platformError(error) !== 'message_not_found') throw error;
    }
    this.leftBehind = undefined;
  }

  /** Posts the reply once (queue position or the first state), memoised. */
  private post(view: JobView): Promise<string | undefined> {
    this.posting ??= (async () => {
      const { text, blocks } = renderJobBlocks(view);
      const { channel, thread } = this.location;
      const answer = await withRateLimitRetry(() =>
        this.deps.client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread } : {}), text, blocks }),
      );
      const ts = answer.ts;
      if (!ts) return undefined;
      this.location.ts = ts;
      this.deps.onPosted?.({ ...this.location, ts }, view.jobId);
      return ts;
    })().catch((error: unknown) => {
      this.deps.log.warn({ err: error, job: view.jobId }, 'reply could not be posted');
      if (!this.postFailureTold) this.deps.onPostFailed?.(error);
      this.postFailureTold = true;
      // Forget the failure: a later final posts again.
      this.posting = undefined;
      return undefined;
    });
    return this.posting;
  }

  /** Shows a progress step; false when its preview image could not be shown (text progress instead). */
  private async showFrame(ts: string, view: JobView, signal: AbortSignal): Promise<boolean> {
    const image = view.preview ? view.images[0] : undefined;
    let fileId: string | undefined;
    if (image && !this.previewsOff && isSlackImage(image)) {
      // Uploaded without a channel: frames stay private to the app instead of littering the thread.
      fileId = await uploadImage(this.deps.client, image, { signal });
      this.frameFiles.push(fileId);
    }
    const blockId = () => `frame-${++this.frameSeq}`;
    if (!fileId) {
      await this.chatUpdate(ts, renderJobBlocks(view));
      return image === undefined;
    }
    try {
      await this.chatUpdate(ts, renderJobBlocks(view, { imageFileId: fileId, imageBlockId: blockId() }));
      return true;
    } catch (error) {
      if (platformError(error) !== 'invalid_blocks') throw error;
    }
    // Slack processes uploads asynchronously: one retry after a short wait, then text progress only.
    await sleep(this.deps.timings.invalidBlocksRetryMs, signal);
    await this.deps.budget.acquire(this.location.team, signal);
    try {
      await this.chatUpdate(ts, renderJobBlocks(view, { imageFileId: fileId, imageBlockId: blockId() }));
      return true;
    } catch (error) {
      if (platformError(error) !== 'invalid_blocks') throw error;
      this.previewsOff = true;
      this.deps.log.info({ job: view.jobId }, 'Slack refused the preview image twice; showing text progress');
      await this.deps.budget.acquire(this.location.team, signal);
      await this.chatUpdate(ts, renderJobBlocks(view));
      return false;
    }
  }

  private async chatUpdate(ts: string, message: { text: string; blocks: SlackBlock[] }): Promise<void> {
    const { channel } = this.location;
    await this.deps.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    this.updates += 1;
  }

  /** The last word on a reply: takes its token without waiting, waits out 429s, rejects otherwise. */
  private async finalUpdate(ts: string, message: { text: string; blocks: SlackBlock[] }): Promise<void> {
    const { team } = this.location;
    this.deps.budget.takeUrgent(team);
    try {
      await withRateLimitRetry(() => this.chatUpdate(ts, message), {
        onRateLimited: (ms) => this.deps.budget.pause(team, ms),
      });
    } catch (error) {
      if (platformError(error) === 'message_not_found') this.isGone = true;
      throw error;
    }
  }

  /** Shares the final image into the reply's thread: a real file everyone in the conversation can open. */
  private async shareFinal(image: EncodedImage): Promise<SharedFile> {
    const { channel } = this.location;
    const thread = this.location.thread ?? this.location.ts;
    const id = await withRateLimitRetry(() =>
      uploadImage(this.deps.client, image, { channel, ...(thread ? { threadTs: thread } : {}) }),
    );
    const shared: SharedFile = { file: id, fileName: image.name };
    try {
      const info = parseSlackFile((await this.deps.client.files.info({ file: id })).file);
      const url = info?.url_private_download ?? info?.url_private;
      if (url) shared.fileUrl = url;
    } catch (error) {
      this.deps.log.debug({ err: error }, 'files.info after upload failed');
    }
    return shared;
  }

  /** Frames were only ever shown in this reply: delete them (best effort, in the background). */
  private dropFrames(): void {
    const ids = this.frameFiles.splice(0);
    void (async () => {
      for (const file of ids) {
        await this.deps.client.files.delete({ file }).catch(() => undefined);
      }
    })();
  }
}

/** slack_file takes png, jpg and gif only. */
function isSlackImage(image: EncodedImage): boolean {
  return image.mime === 'image/jpeg' || image.mime === 'image/png';
}
