// One job's reply in Slack: posted at once in the thread, previews shown by chat.update with a
// slack_file image, the final image shared into the thread and the reply turned into its caption.
// A final that did not land rejects (the presenter retries it); a repeat skips what already landed.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { EncodedImage, JobEvent, JobView, ReplySink, SinkBudget } from '../../pipeline/types.js';
import { renderJobBlocks, type SlackBlock } from './slack-blocks.js';
import { isPermanentSlackError, platformError, retryAfterMs, withRateLimitRetry } from './slack-errors.js';
import { parseSlackFile, uploadImage } from './slack-files.js';
import { t } from '../../common/messages.js';
import { sleep, type TeamUpdateBudget } from './update-budget.js';

/** Where a reply lives; stored in the job journal (`JobRecord.reply`). */
export interface SlackReplyRef {
  channel: string;
  team: string;
  /** The thread the reply is in (absent for a top-level reply). */
  thread?: string;
  /** The reply message, once posted. */
  ts?: string;
}

export interface SlackSinkTimings {
  /** Minimum time between two updates of one reply (the presenter's throttle). */
  minIntervalMs: number;
  /** Wait before the one retry of an image block Slack called invalid (files process asynchronously). */
  invalidBlocksRetryMs: number;
}

export const DEFAULT_SINK_TIMINGS: SlackSinkTimings = { minIntervalMs: 2500, invalidBlocksRetryMs: 1500 };

/** Slack's documented upload limit (1 GB): finals stay PNG. */
const SLACK_MAX_FILE_BYTES = 1024 * 1024 * 1024;

export interface SlackSinkDeps {
  client: WebClient;
  budget: TeamUpdateBudget;
  log: Logger;
  timings: SlackSinkTimings;
  /** Remembers where the job is shown (pipeline.attachReply). */
  attach(jobId: string, reply: Record<string, string>): Promise<void>;
  /** Told when the reply is posted (the adapter tracks its threads for reply-to-iterate). */
  onPosted?(ref: Required<Pick<SlackReplyRef, 'channel' | 'ts'>> & SlackReplyRef, jobId: string): void;
  /** Told when the reply could not be posted at all (e.g. `not_in_channel` for a slash command). */
  onPostFailed?(error: unknown): void;
}

export function replyRecord(ref: SlackReplyRef, extra: Record<string, string> = {}): Record<string, string> {
  return {
    channel: ref.channel,
    team: ref.team,
    ...(ref.thread ? { thread: ref.thread } : {}),
    ...(ref.ts ? { ts: ref.ts } : {}),
    ...extra,
  };
}

export class SlackReplySink implements ReplySink {
  readonly budget: SinkBudget;
  readonly ref: SlackReplyRef;
  private readonly deps: SlackSinkDeps;
  private posting: Promise<string | undefined> | undefined;
  private wanted: JobView | undefined;
  private pumping: Promise<void> | undefined;
  private readonly stop = new AbortController();
  private previewsOff = false;
  private readonly frameFiles: string[] = [];
  private frameSeq = 0;
  private isGone = false;
  /** A reply a repost left behind, deleted once the new one holds the final. */
  private leftBehind: string | undefined;
  /** Final images already shared into the thread, so a retried final does not post them twice. */
  private readonly sharedFinals = new Map<EncodedImage, Record<string, string>>();
  private postFailureTold = false;
  /** chat.update calls that reached Slack (tests and the log read it). */
  updates = 0;

  constructor(ref: SlackReplyRef, deps: SlackSinkDeps) {
    this.ref = { ...ref };
    this.deps = deps;
    this.budget = {
      minIntervalMs: deps.timings.minIntervalMs,
      maxFileBytes: SLACK_MAX_FILE_BYTES,
      previewMime: 'image/jpeg',
    };
  }

  async open(_event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<void> {
    await this.post(view);
  }

  /** Returns at once: the newest view is shown by a pump that a final result can cut short. */
  async update(_event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void> {
    this.wanted = view;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  async finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void> {
    await this.halt();
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
    await this.deps.attach(view.jobId, replyRecord(this.ref, first ?? {})).catch(() => undefined);
    if (uploadError !== undefined) throw uploadError;
    await this.dropLeftBehind();
    this.dropFrames();
  }

  async fail(_event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void> {
    await this.halt();
    const ts = await this.postOrThrow(view);
    await this.finalUpdate(ts, renderJobBlocks(view));
    await this.dropLeftBehind();
    this.dropFrames();
  }

  get gone(): boolean {
    return this.isGone;
  }

  isPermanent(error: unknown): boolean {
    return isPermanentSlackError(error);
  }

  repost(): void {
    if (!this.isGone && this.ref.ts) this.leftBehind = this.ref.ts;
    this.isGone = false;
    this.posting = undefined;
    delete this.ref.ts;
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
      await this.deps.client.chat.delete({ channel: this.ref.channel, ts });
    } catch (error) {
      if (platformError(error) !== 'message_not_found') throw error;
    }
    this.leftBehind = undefined;
  }

  /** Posts the reply once (queue position or the first state), memoised. */
  private post(view: JobView): Promise<string | undefined> {
    this.posting ??= (async () => {
      const { text, blocks } = renderJobBlocks(view);
      const answer = await withRateLimitRetry(() =>
        this.deps.client.chat.postMessage({
          channel: this.ref.channel,
          ...(this.ref.thread ? { thread_ts: this.ref.thread } : {}),
          text,
          blocks,
        }),
      );
      const ts = answer.ts;
      if (!ts) return undefined;
      this.ref.ts = ts;
      this.deps.onPosted?.({ ...this.ref, channel: this.ref.channel, ts }, view.jobId);
      await this.deps.attach(view.jobId, replyRecord(this.ref)).catch(() => undefined);
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

  /** Stops the preview pump: a waiting token or a frame upload never delays the final. */
  private async halt(): Promise<void> {
    this.wanted = undefined;
    this.stop.abort(new Error('job ended'));
    await this.pumping;
  }

  private async pump(): Promise<void> {
    const signal = this.stop.signal;
    const ts = await this.post(this.wanted as JobView);
    if (!ts) return;
    while (this.wanted && !signal.aborted) {
      const view = this.wanted;
      this.wanted = undefined;
      try {
        await this.showFrame(ts, view, signal);
      } catch (error) {
        if (signal.aborted) return;
        const wait = retryAfterMs(error);
        if (wait !== undefined) {
          // Slack asked the whole workspace to slow down; show the newest frame after the pause.
          this.deps.budget.pause(this.ref.team, wait);
          this.wanted ??= view;
          continue;
        }
        if (platformError(error) === 'message_not_found') {
          // The reply was deleted: previews stop; the final goes to a new reply.
          this.isGone = true;
          return;
        }
        this.deps.log.warn({ err: error, job: view.jobId }, 'preview update failed');
      }
    }
  }

  private async showFrame(ts: string, view: JobView, signal: AbortSignal): Promise<void> {
    const image = view.preview ? view.images[0] : undefined;
    let fileId: string | undefined;
    if (image && !this.previewsOff && isSlackImage(image)) {
      // Uploaded without a channel: frames stay private to the app instead of littering the thread.
      fileId = await uploadImage(this.deps.client, image, { signal });
      this.frameFiles.push(fileId);
    }
    await this.deps.budget.acquire(this.ref.team, signal);
    const blockId = () => `frame-${++this.frameSeq}`;
    if (!fileId) {
      await this.chatUpdate(ts, renderJobBlocks(view));
      return;
    }
    try {
      await this.chatUpdate(ts, renderJobBlocks(view, { imageFileId: fileId, imageBlockId: blockId() }));
      return;
    } catch (error) {
      if (platformError(error) !== 'invalid_blocks') throw error;
    }
    // Slack processes uploads asynchronously: one retry after a short wait, then text progress only.
    await sleep(this.deps.timings.invalidBlocksRetryMs, signal);
    await this.deps.budget.acquire(this.ref.team, signal);
    try {
      await this.chatUpdate(ts, renderJobBlocks(view, { imageFileId: fileId, imageBlockId: blockId() }));
    } catch (error) {
      if (platformError(error) !== 'invalid_blocks') throw error;
      this.previewsOff = true;
      this.deps.log.info({ job: view.jobId }, 'Slack refused the preview image twice; showing text progress');
      await this.deps.budget.acquire(this.ref.team, signal);
      await this.chatUpdate(ts, renderJobBlocks(view));
    }
  }

  private async chatUpdate(ts: string, message: { text: string; blocks: SlackBlock[] }): Promise<void> {
    await this.deps.client.chat.update({ channel: this.ref.channel, ts, text: message.text, blocks: message.blocks });
    this.updates += 1;
  }

  /** The last word on a reply: takes its token without waiting, waits out 429s, rejects otherwise. */
  private async finalUpdate(ts: string, message: { text: string; blocks: SlackBlock[] }): Promise<void> {
    this.deps.budget.takeUrgent(this.ref.team);
    try {
      await withRateLimitRetry(() => this.chatUpdate(ts, message), {
        onRateLimited: (ms) => this.deps.budget.pause(this.ref.team, ms),
      });
    } catch (error) {
      if (platformError(error) === 'message_not_found') this.isGone = true;
      throw error;
    }
  }

  /** Shares the final image into the reply's thread: a real file everyone in the conversation can open. */
  private async shareFinal(image: EncodedImage): Promise<Record<string, string>> {
    const thread = this.ref.thread ?? this.ref.ts;
    const id = await withRateLimitRetry(() =>
      uploadImage(this.deps.client, image, { channel: this.ref.channel, ...(thread ? { threadTs: thread } : {}) }),
    );
    const out: Record<string, string> = { file: id, fileName: image.name };
    try {
      const info = parseSlackFile((await this.deps.client.files.info({ file: id })).file);
      const url = info?.url_private_download ?? info?.url_private;
      if (url) out.fileUrl = url;
    } catch (error) {
      this.deps.log.debug({ err: error }, 'files.info after upload failed');
    }
    return out;
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
