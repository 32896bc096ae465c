// What crosses Redis between a bot and a `scanline worker`: the BullMQ job's data, the progress
// events, the result's metadata, and the errors. Bytes (inputs, the newest preview frame, the
// finals) live in their own expiring keys, never in the job and never as a path.
import type { Redis } from 'ioredis';
import type { RawImage, SafetyScores } from '../../engine/index.js';
import { isErrorCode, ScanlineError, type ErrorParams } from '../../common/errors.js';
import type { WorkSafety } from '../safety/safety-gate.js';
import type { TaskOutput } from '../tasks/task-handler.js';
import type { Annotation, EncodedImage, Plan, Platform } from '../types.js';

/** The BullMQ queue every bot adds to and every worker takes from. */
export const WORK_QUEUE = 'scanline-work';
/** Key prefix of everything Scanline keeps in Redis besides BullMQ's own keys. */
export const KEY_PREFIX = 'scanline';
/** Where bots tell workers to stop a running job (a job id per message; bot processes' own cancels use another). */
export const CANCEL_CHANNEL = `${KEY_PREFIX}:work-cancel`;

/** Inputs wait this long for a worker (then the job fails with work_inputs_expired). */
export const INPUT_TTL_MS = 6 * 3_600_000;
/** A preview frame nobody read is gone after this. */
export const FRAME_TTL_MS = 60_000;
/** Finals the bot has not collected (it stopped) are gone after this. */
export const RESULT_TTL_MS = 10 * 60_000;
/** A cancel mark outlives any wait for a slot that could still start the job. */
export const CANCEL_TTL_MS = INPUT_TTL_MS;
/** Frames larger than this are dropped rather than stored (a preview is small). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export const inputKey = (jobId: string) => `${KEY_PREFIX}:input:${jobId}`;
export const frameKey = (jobId: string) => `${KEY_PREFIX}:frame:${jobId}`;
export const resultKey = (jobId: string) => `${KEY_PREFIX}:result:${jobId}`;
export const cancelKey = (jobId: string) => `${KEY_PREFIX}:cancel:${jobId}`;

/** A BullMQ job's data. */
export interface WireJob {
  plan: Plan;
  maxPixels: number;
  maxFileBytes: number;
  /** The input files' names, in order; their bytes are fields 0..n-1 of inputKey. */
  names: string[];
  userId: string;
  channelId: string;
  platform: Platform;
  /** The job's screening: the worker classifies its images and drops previews the policy would not post. */
  safety?: WorkSafety;
}

/** A progress event (BullMQ job progress); `frame` says a new preview is in frameKey. */
export interface WireProgress {
  fraction: number;
  text?: string;
  frame?: boolean;
  /** The frame's safety scores (the bot's gate checks them again). */
  safety?: SafetyScores;
}

/** A BullMQ job's return value: the finals' bytes are fields 0..n-1 of resultKey. */
export interface WireResult {
  images: Omit<EncodedImage, 'data'>[];
  text?: string;
  annotations?: Annotation[];
  notes?: string[];
  timingsMs: Record<string, number>;
  /** The worker that ran it (its name in logs and CLIENT LIST). */
  worker: string;
}

const ERROR_TAG = 'scanline-error:';

/** A failure as the worker throws it to BullMQ: a ScanlineError keeps its code and params. */
export function errorForWire(error: ScanlineError): Error {
  return new Error(`${ERROR_TAG}${JSON.stringify({ code: error.code, params: error.params })}`);
}

/** BullMQ's failedReason back to what the job fails with on the bot. */
export function errorFromWire(failedReason: string): Error {
  if (failedReason.startsWith(ERROR_TAG)) {
    try {
      const { code, params } = JSON.parse(failedReason.slice(ERROR_TAG.length)) as {
        code: string;
        params: ErrorParams;
      };
      if (isErrorCode(code)) return new ScanlineError(code, params);
    } catch {
      // Not ours after all: reported as it is below.
    }
  }
  // BullMQ's words when the stalled-job check gave up on a job whose workers died.
  if (/stalled more than allowable limit/i.test(failedReason)) return new ScanlineError('worker_lost');
  return new Error(`worker: ${failedReason}`);
}

/** Stores the newest preview frame of a job (the older one is overwritten: newest wins). */
export async function putFrame(redis: Redis, jobId: string, image: RawImage): Promise<boolean> {
  if (image.data.byteLength > MAX_FRAME_BYTES) return false;
  const meta = JSON.stringify({ width: image.width, height: image.height, channels: image.channels });
  await redis
    .multi()
    .hset(
      frameKey(jobId),
      'meta',
      meta,
      'data',
      Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    )
    .pexpire(frameKey(jobId), FRAME_TTL_MS)
    .exec();
  return true;
}

export async function getFrame(redis: Redis, jobId: string): Promise<RawImage | undefined> {
  const [meta, data] = await redis.hmgetBuffer(frameKey(jobId), 'meta', 'data');
  if (!meta || !data) return undefined;
  const { width, height, channels } = JSON.parse(meta.toString()) as Omit<RawImage, 'data'>;
  return { width, height, channels, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Stores the finals' bytes and returns the metadata BullMQ keeps as the job's return value. */
export async function putResult(redis: Redis, jobId: string, output: TaskOutput, worker: string): Promise<WireResult> {
  const key = resultKey(jobId);
  const tx = redis.multi().del(key);
  output.images.forEach((image, i) =>
    tx.hset(key, String(i), Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength)),
  );
  await tx.pexpire(key, RESULT_TTL_MS).exec();
  return {
    images: output.images.map(({ mime, width, height, name }) => ({ mime, width, height, name })),
    ...(output.text !== undefined ? { text: output.text } : {}),
    ...(output.annotations ? { annotations: output.annotations } : {}),
    ...(output.notes ? { notes: output.notes } : {}),
    timingsMs: output.timingsMs,
    worker,
  };
}

/** The result back as the task's output (its keys deleted: one reader). */
export async function takeResult(redis: Redis, jobId: string, result: WireResult): Promise<TaskOutput> {
  const key = resultKey(jobId);
  const fields = result.images.map((_, i) => String(i));
  const bytes = fields.length > 0 ? await redis.hmgetBuffer(key, ...fields) : [];
  await redis.del(key);
  const images = result.images.map((meta, i) => {
    const data = bytes[i];
    if (!data) throw new Error(`the result of job ${jobId} expired before it was read`);
    return { ...meta, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
  return {
    images,
    ...(result.text !== undefined ? { text: result.text } : {}),
    ...(result.annotations ? { annotations: result.annotations } : {}),
    ...(result.notes ? { notes: result.notes } : {}),
    timingsMs: result.timingsMs,
  };
}
