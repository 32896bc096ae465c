// The contracts that cross between the parts of the house (docs/architecture.md).
// Adapters build Requests, the router turns them into Plans, the scheduler runs
// Jobs and emits JobEvents, and a ReplySink shows them on one platform.

import type { AspectRatio, EditStep } from '../common/edit-step.js';
import type { Locale } from '../common/locale.js';
import type { TASK_TABLE } from './tasks/task-table.js';

export type { AspectRatio, EditStep, Locale };

export type Platform = 'discord' | 'slack' | 'web' | 'cli';

// A task is a key of the task table (src/pipeline/tasks/task-table.ts), where its words, flags and handler live.
export type Task = keyof typeof TASK_TABLE;
export { TASKS, isTask } from './tasks/task-table.js';

/** Who asked, and where the answer goes. */
export interface Requester {
  platform: Platform;
  userId: string;
  userName?: string;
  channelId: string;
  threadId?: string;
  messageId?: string;
  guildId?: string;
  isDM: boolean;
  /** The platform's idea of the user's language, when it has one (Discord interaction locale). */
  locale?: Locale;
  /** May cancel or delete other users' jobs (Discord Manage Messages, Slack admin). */
  isModerator?: boolean;
  /** May change the server's settings and read its usage (Discord Manage Server, Slack workspace admin or owner). */
  isAdmin?: boolean;
}

/** An input image that has not been downloaded yet. */
export interface ImageRef {
  url: string;
  name?: string;
  /** Declared size in bytes, when the platform says it. */
  size?: number;
  /** Declared MIME type; never trusted, the bytes are sniffed. */
  contentType?: string;
  width?: number;
  height?: number;
  /** Downloads the bytes with the platform's auth, under the attachment policy. */
  fetch(signal?: AbortSignal): Promise<Uint8Array>;
}

export interface RequestParams {
  aspect?: AspectRatio;
  seed?: number;
  /** Longest side of the output in pixels, when asked for. */
  size?: number;
  /** 0-1, how far an edit may move away from the input. */
  strength?: number;
}

export interface Request {
  from: Requester;
  /** The instruction with the bot mention removed. */
  text: string;
  images: ImageRef[];
  /** Set when a command fixed the task (`/imagine`, `--task ocr`). */
  task?: Task;
  params: RequestParams;
  /** The bot message this request replies to (reply-to-iterate). */
  replyTo?: { messageId: string; images: ImageRef[] };
  receivedAt: number;
}

export interface Plan {
  task: Task;
  /** What the model is asked: the prompt to draw, the question to answer, the target to find. */
  prompt: string;
  /** Ordered edit steps (task `edit` only): exactly the program the edit task runs. */
  steps: EditStep[];
  /** Edit clauses no step covers, as typed; set by the router on edit plans, so the task need not plan again. */
  unmapped?: string[];
  params: RequestParams;
  /** The language the reply is written in. */
  locale: Locale;
  /** Sentences for the user when the router had to guess or ignore something. */
  hints: string[];
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** An encoded image ready to post. */
export interface EncodedImage {
  data: Uint8Array;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  name: string;
}

/** Box in pixels of the input image and in Qwen-VL style 0-1000 coordinates. */
export interface Annotation {
  kind: 'text' | 'object' | 'mask';
  label: string;
  score: number;
  box: [number, number, number, number];
  box1000: [number, number, number, number];
  /** Quadrilateral corners in pixels, clockwise from top-left (text lines). */
  polygon?: [number, number][];
  /** The detector scored it below the calibrated floor: the reply says "maybe a dog". */
  maybe?: true;
}

export type JobEvent =
  | { type: 'queued'; position: number }
  | { type: 'started' }
  | { type: 'progress'; fraction: number; preview?: EncodedImage; text?: string }
  | {
      type: 'done';
      images: EncodedImage[];
      text?: string;
      annotations?: Annotation[];
      /** Short sentences in the plan's locale: router hints, what could not be done. */
      notes?: string[];
      /** Wall time of each stage (download, decode, queue, engine stages, encode, total). */
      timingsMs?: Record<string, number>;
    }
  | { type: 'failed'; userMessage: string; code: string }
  | { type: 'cancelled' };

/** How often and how big one platform lets a reply change. */
export interface SinkBudget {
  /** Minimum time between two updates of the same reply. */
  minIntervalMs: number;
  /** Largest file the platform accepts in one upload. */
  maxFileBytes: number;
  previewMime: 'image/jpeg' | 'image/webp';
  /** Show every frame in order instead of only the newest (the CLI writes each one to a file). */
  everyFrame?: boolean;
}

/** A button on a job's reply. Custom ids carry the action and the job id: `scanline:<action>:<jobId>`. */
export type JobActionId = 'cancel' | 'reroll' | 'edit' | 'upscale' | 'delete';

export interface JobAction {
  id: JobActionId;
  /** In the job's locale. */
  label: string;
  style: 'primary' | 'secondary' | 'danger';
}

/**
 * What a reply shows at one moment, the same on every platform. Built by the
 * pipeline from the JobEvents; adapters only translate it into their markup.
 */
export interface JobView {
  jobId: string;
  task: Task;
  state: JobState;
  locale: Locale;
  /** One line in the job's locale: "Queued: position 2.", "Drawing: 40%", the error sentence, "Done." */
  status: string;
  /** 0-1 while running. */
  progress?: number;
  /** The newest preview while running, the final images when done; empty otherwise. */
  images: EncodedImage[];
  /** True while `images` holds a preview frame. */
  preview: boolean;
  /** The text answer so far (streamed) or final. */
  text?: string;
  /** Hints and what could not be done, in the job's locale. */
  notes: string[];
  /** Buttons to show now: Cancel while queued or running; Reroll, Edit, Upscale, Delete when done. */
  actions: JobAction[];
}

/**
 * Where a reply lives, typed per platform. The pipeline journals it (buttons after a restart, interrupted
 * jobs told, the final file for Upscale); only the adapter of that platform reads its fields.
 */
export type ReplyLocation =
  | {
      platform: 'discord';
      channelId: string;
      /** The reply message, once posted. */
      messageId?: string;
      /** The message that asked, for a reply posted later (interrupted jobs). */
      sourceMessageId?: string;
      interactionId?: string;
    }
  | {
      platform: 'slack';
      channel: string;
      team: string;
      /** The thread the reply is in (absent for a top-level reply). */
      thread?: string;
      /** The reply message, once posted. */
      ts?: string;
      /** The final image shared into the thread. */
      file?: string;
      fileUrl?: string;
      fileName?: string;
    }
  | { platform: 'web'; session: string }
  | { platform: 'cli' };

/** Why a sink did not show a preview: the platform refused it (a 429 skipped, an image it would not take) or the final came first. */
export type PreviewNotShown = 'failed' | 'ended';

/**
 * How one platform shows one job. Implemented by each adapter; every call carries the event and the view.
 * `finish` and `fail` reject when the result did not reach the platform, and are safe to call again:
 * the presenter retries them (adapters do not). `open`, `finish` and `fail` resolve with where the reply
 * now lives when that changed (posted, moved to a new reply, a final file shared): the pipeline journals it.
 */
export interface ReplySink {
  readonly budget: SinkBudget;
  open(event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<ReplyLocation | void>;
  /**
   * `signal` aborts when the job's final is about to be shown: stop waiting and return. A sink that
   * skips a preview instead of failing says so (`PreviewNotShown`), so the metrics count it as dropped.
   */
  update(
    event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>,
    view: JobView,
    signal: AbortSignal,
  ): Promise<void | PreviewNotShown>;
  finish(event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<ReplyLocation | void>;
  fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<ReplyLocation | void>;
  /**
   * Resolves when the platform lets this reply change once more (a rate budget shared with other replies:
   * Discord's per-channel pacer, Slack's per-workspace budget). The presenter calls it before each update
   * and then delivers the newest one, so frames that came in while waiting are skipped, not queued.
   */
  pace?(signal: AbortSignal): Promise<void>;
  /** True once the platform said the reply no longer exists (it was deleted). */
  readonly gone?: boolean;
  /**
   * The next call posts a new reply instead of editing the old one; an old reply that still exists
   * is deleted once the new one holds the final, and that call rejects until it is.
   */
  repost?(): void;
  /**
   * True for a failure no retry can fix (the bot lost access to the channel, it was archived, the
   * token was revoked): the presenter stops retrying the final at once instead of for minutes.
   */
  isPermanent?(error: unknown): boolean;
}
