// The worker side of the scale-out (`scanline worker`): a BullMQ Worker takes jobs, runs their work
// on this process's engine and sends progress, the newest preview frame and the finals back through
// Redis. A cancel message stops a running job between model steps; a worker killed mid-job is
// caught by BullMQ's stalled-job check and its job retried once on another worker.
import { Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { hostname } from 'node:os';
import { isScanlineError, ScanlineError } from '../../common/errors.js';
import type { EngineProgress } from '../../engine/index.js';
import { reportInternal } from '../internal-error.js';
import type { PipelineMetrics } from '../metrics/scanline-metrics.js';
import { openRedis, subscribeAlways } from '../redis/redis-connection.js';
import type { WorkRunner } from '../work.js';
import { FairAdmission } from './fair-admission.js';
import {
  CANCEL_CHANNEL,
  cancelKey,
  errorForWire,
  inputKey,
  KEY_PREFIX,
  putFrame,
  putResult,
  WORK_QUEUE,
  type WireJob,
  type WireProgress,
  type WireResult,
} from './work-wire.js';

/**
 * A dead worker's lock runs out after LOCK_MS; BullMQ's stalled-job check runs every
 * STALLED_CHECK_MS on every live worker and moves a job whose lock is gone at two checks in a row
 * back to the queue, once (a second stall fails it). So a killed worker's job moves on within about
 * LOCK_MS + 2 * STALLED_CHECK_MS (25 s), inside a minute with the job's own run time. The lock is
 * renewed every LOCK_MS / 2 by the worker's main thread, which inference (in the engine's thread)
 * never blocks.
 */
export const LOCK_MS = 15_000;
export const STALLED_CHECK_MS = 5_000;
/** How often a worker says it is alive, and how long that holds. */
const ANNOUNCE_MS = 10_000;

export interface WorkWorkerOptions {
  url: string;
  /** Jobs this worker runs at once. */
  concurrency: number;
  work: WorkRunner;
  log: Logger;
  metrics?: PipelineMetrics;
  /** Shown in logs, CLIENT LIST and results (default host:pid). */
  name?: string;
}

export class WorkWorker {
  /** Jobs it takes at once. */
  get concurrency(): number {
    return this.#opts.concurrency;
  }

  readonly name: string;
  readonly #opts: WorkWorkerOptions;
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #worker: Worker<WireJob, WireResult>;
  /** BullMQ's connection: given to it, so BullMQ leaves closing it to us. */
  readonly #queueConnection: Redis;
  readonly #fair: FairAdmission;
  readonly #announcer: NodeJS.Timeout;
  #running = 0;
  #ran = 0;

  private constructor(opts: WorkWorkerOptions, redis: Redis, subscriber: Redis, name: string) {
    this.#opts = opts;
    this.name = name;
    this.#redis = redis;
    this.#subscriber = subscriber;
    this.#fair = new FairAdmission(redis, KEY_PREFIX);
    this.#queueConnection = openRedis(opts.url, { name: `scanline-worker-queue`, log: opts.log });
    this.#worker = new Worker<WireJob, WireResult>(WORK_QUEUE, (job, _token, signal) => this.#process(job, signal), {
      connection: this.#queueConnection,
      concurrency: opts.concurrency,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: 1,
      name,
      autorun: false,
    });
    this.#worker.on('error', (error) => opts.log.debug({ err: error.message }, 'worker connection error'));
    subscriber.on('message', (_channel: string, jobId: string) => {
      if (this.#worker.cancelJob(jobId, 'cancelled')) opts.log.info({ job: jobId }, 'cancel: stopping the running job');
    });
    this.#announcer = setInterval(() => void this.#announce(), ANNOUNCE_MS);
    this.#announcer.unref();
  }

  static async start(opts: WorkWorkerOptions): Promise<WorkWorker> {
    const name = opts.name ?? `${hostname()}:${process.pid}`;
    const redis = openRedis(opts.url, { name: 'scanline-worker', log: opts.log });
    const subscriber = openRedis(opts.url, { name: 'scanline-worker-cancels', log: opts.log });
    try {
      await Promise.all([redis.connect(), subscriber.connect()]);
      await subscribeAlways(subscriber, [CANCEL_CHANNEL], opts.log);
    } catch (error) {
      // Unreachable at start: stop retrying, so the process can exit with its sentence.
      redis.disconnect();
      subscriber.disconnect();
      throw error;
    }
    const worker = new WorkWorker(opts, redis, subscriber, name);
    await worker.#announce();
    void worker.#worker.run().catch((error: unknown) => opts.log.error({ err: error }, 'the BullMQ worker stopped'));
    await worker.#worker.waitUntilReady();
    return worker;
  }

  /** Jobs running here now and jobs finished here since the start. */
  stats(): { queued: number; running: number; ran: number } {
    return { queued: 0, running: this.#running, ran: this.#ran };
  }

  /** Takes no new job, lets the running ones finish (SIGTERM), then disconnects. */
  async close(): Promise<void> {
    clearInterval(this.#announcer);
    await this.#worker.close();
    await this.#fair.withdrawSlots(this.name).catch(() => undefined);
    this.#queueConnection.disconnect();
    this.#subscriber.disconnect();
    this.#redis.disconnect();
  }

  async #announce(): Promise<void> {
    await this.#fair
      .announceSlots(this.name, this.#opts.concurrency, ANNOUNCE_MS * 3)
      .catch((error) => this.#opts.log.debug({ err: error }, 'could not announce the worker'));
  }

  async #process(job: BullJob<WireJob, WireResult>, signal: AbortSignal | undefined): Promise<WireResult> {
    const id = job.id ?? '';
    const data = job.data;
    const log = this.#opts.log.child({ job: id, task: data.plan.task });
    const meter = this.#opts.metrics?.job(data.plan.task, data.platform);
    const abort = new AbortController();
    signal?.addEventListener('abort', () => abort.abort(new DOMException(`Job ${id} was cancelled`, 'AbortError')), {
      once: true,
    });
    const started = performance.now();
    this.#running++;
    meter?.accepted();
    meter?.started();
    let sending: Promise<void> | undefined;
    try {
      if (await this.#redis.exists(cancelKey(id))) throw new DOMException(`Job ${id} was cancelled`, 'AbortError');
      const stored = await this.#redis.hgetallBuffer(inputKey(id));
      const files = data.names.map((name, i) => {
        const bytes = stored[String(i)];
        if (!bytes) throw new ScanlineError('work_inputs_expired');
        return { name, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      });
      await this.#fair.started(id);
      log.info({ worker: this.name, attempt: job.attemptsStarted }, 'job started');

      // Newest progress wins while one update is on its way; a frame missing from a later update is kept.
      let latest: EngineProgress | undefined;
      const pump = async (): Promise<void> => {
        while (latest) {
          const p = latest;
          latest = undefined;
          const frame = p.image ? await putFrame(this.#redis, id, p.image) : false;
          const update: WireProgress = {
            fraction: p.fraction,
            ...(p.text !== undefined ? { text: p.text } : {}),
            ...(frame ? { frame: true } : {}),
            ...(frame && p.safety ? { safety: p.safety } : {}),
          };
          await job.updateProgress(update as unknown as object);
        }
      };
      const output = await this.#opts.work.run(
        {
          plan: data.plan,
          files,
          maxPixels: data.maxPixels,
          maxFileBytes: data.maxFileBytes,
          platform: data.platform,
          ...(data.safety ? { safety: data.safety } : {}),
        },
        {
          jobId: id,
          signal: abort.signal,
          progress: (p) => {
            meter?.progressed();
            // A frame kept from an earlier update keeps its own scores.
            const kept = p.image ? p : latest;
            const image = kept?.image;
            const safety = kept?.safety;
            latest = { ...p, ...(image ? { image } : {}), ...(image && safety ? { safety } : {}) };
            sending ??= pump()
              .catch((error) => log.warn({ err: error }, 'progress not sent'))
              .finally(() => (sending = undefined));
          },
        },
      );
      abort.signal.throwIfAborted();
      await sending;
      const result = await putResult(this.#redis, id, output, this.name);
      meter?.ended('done');
      this.#ran++;
      await this.#fair.finished(performance.now() - started).catch(() => undefined);
      log.info({ worker: this.name, ms: Math.round(performance.now() - started) }, 'job done');
      return result;
    } catch (error) {
      await sending;
      if (abort.signal.aborted || (error instanceof Error && error.name === 'AbortError')) {
        meter?.ended('cancelled');
        log.info('job cancelled');
        throw new Error('cancelled');
      }
      meter?.ended('failed');
      this.#ran++;
      if (isScanlineError(error)) throw errorForWire(error);
      const { errorId } = reportInternal(log, error, { in: 'worker', worker: this.name });
      throw errorForWire(new ScanlineError('internal', { id: errorId }));
    } finally {
      this.#running--;
      await this.#redis.del(inputKey(id)).catch(() => undefined);
      await this.#fair.release(id).catch(() => undefined);
    }
  }
}
