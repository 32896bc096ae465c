// The contracts that cross between the parts of the house (docs/architecture.md).
// Adapters build Requests, the router turns them into Plans, the scheduler runs
// Jobs and emits JobEvents, and a ReplySink shows them on one platform.

import type { Locale } from '../common/locale.js';

export type { Locale };

export type Platform = 'discord' | 'slack' | 'web' | 'cli';

export const TASKS = [
  'generate',
  'edit',
  'understand',
  'ocr',
  'detect',
  'segment',
  'edges',
  'depth',
  'poster',
] as const;
export type Task = (typeof TASKS)[number];

export function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}

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

export interface AspectRatio {
  w: number;
  h: number;
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
  id: string;
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

/** One step of an edit program. A plan is data: it can be printed, tested and replayed. */
export type EditStep =
  | { op: 'grayscale' }
  /** Looks built from image operations: sepia, vintage, old-photo, oil, sketch, cartoon, watercolor, van-gogh, pixel-art. */
  | { op: 'style'; style: string }
  /** `amount` is relative: +0.25 is 25% more, -0.25 is 25% less. */
  | { op: 'adjust'; property: 'brightness' | 'contrast' | 'saturation' | 'warmth'; amount: number }
  /** `sigma` in pixels of a 1000-pixel long side, so the look is the same at any size. */
  | { op: 'blur'; sigma: number }
  | { op: 'sharpen' }
  /** Centre crop to `aspect`, or to `box` given as x1, y1, x2, y2 in 0-1000 of the image. */
  | { op: 'crop'; aspect?: AspectRatio; box?: [number, number, number, number] }
  /** Clockwise; multiples of 90 are lossless, other angles are straightened (cropped to the original aspect). */
  | { op: 'rotate'; degrees: number }
  | { op: 'flip'; axis: 'horizontal' | 'vertical' }
  | { op: 'resize'; longSide: number }
  /** Lanczos resampling by a factor (> 1 enlarges; this is not AI upscaling). */
  | { op: 'scale'; factor: number }
  /** Aspect change by padding: `fill` is 'blur' (blurred copy of the image) or a colour. */
  | { op: 'pad'; aspect: AspectRatio; fill: string }
  | { op: 'invert' }
  | { op: 'recolor'; target: string; color: string }
  | { op: 'background'; mode: 'remove' | 'color' | 'blur' | 'replace'; value?: string }
  | { op: 'caption'; text: string; position: 'top' | 'bottom' }
  | { op: 'remove'; target: string };

export interface Plan {
  task: Task;
  /** What the model is asked: the prompt to draw, the question to answer, the target to find. */
  prompt: string;
  /** Ordered edit steps (task `edit` only). */
  steps: EditStep[];
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

/** How one platform shows one job. Implemented by each adapter; every call carries the event and the view. */
export interface ReplySink {
  readonly budget: SinkBudget;
  open(event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<void>;
  update(event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void>;
  finish(event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void>;
  fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void>;
}
