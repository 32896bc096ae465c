// Cancel a job that another bot process runs (a Slack replica behind a load balancer got the
// click): the request goes out on a Redis pub/sub channel, the process that has the job cancels
// it and answers. Behind `ClusterCancel`, so a distributed scheduler's own cluster-wide cancel
// can take its place.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CancelOutcome } from '../pipeline.js';
import { boundedCommand } from './bounded-command.js';
import { subscribeAlways, type Subscription } from './redis-connection.js';

/** Who asks for the cancel (the pipeline's rule: the requester or a moderator). */
export interface CancelBy {
  userId: string;
  isModerator?: boolean;
}

export interface ClusterCancel {
  /** Asks the other processes to cancel `jobId`; 'not_found' when none has it (or none answers in time). */
  cancel(jobId: string, by: CancelBy): Promise<CancelOutcome>;
  /** How this process cancels its own jobs when another asks. */
  serve(local: (jobId: string, by: CancelBy) => CancelOutcome): void;
  close(): Promise<void>;
}

/** Bot processes' cancel requests and answers (JSON); workers listen on work-wire's own channel. */
export const CANCEL_CHANNEL = 'scanline:cancel';

type Message =
  | { type: 'cancel'; request: string; from: string; jobId: string; by: CancelBy }
  | { type: 'answer'; request: string; outcome: CancelOutcome };

/**
 * Pub/sub over two connections (a subscribed one can do nothing else). A request no process
 * answers within `timeoutMs` is 'not_found': the job finished, or its process is gone.
 */
export class RedisPubSubCancel implements ClusterCancel {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly instance = randomUUID();
  private readonly waiting = new Map<string, (outcome: CancelOutcome) => void>();
  private local: ((jobId: string, by: CancelBy) => CancelOutcome) | undefined;

  /** Whether this process hears answers now (its subscriber is back after a reconnect). */
  private subscription: Subscription | undefined;

  private constructor(publisher: Redis, subscriber: Redis, log: Logger, timeoutMs: number) {
    this.publisher = publisher;
    this.subscriber = subscriber;
    this.log = log;
    this.timeoutMs = timeoutMs;
  }

  /** `subscriber` becomes this object's (closed with it); `publisher` stays the caller's. */
  static async open(
    publisher: Redis,
    subscriber: Redis,
    log: Logger,
    opts: { timeoutMs?: number } = {},
  ): Promise<RedisPubSubCancel> {
    const cancel = new RedisPubSubCancel(publisher, subscriber, log, opts.timeoutMs ?? 3_000);
    subscriber.on('message', (channel: string, text: string) => {
      if (channel === CANCEL_CHANNEL) cancel.received(text);
    });
    cancel.subscription = await subscribeAlways(subscriber, [CANCEL_CHANNEL], log);
    return cancel;
  }

  serve(local: (jobId: string, by: CancelBy) => CancelOutcome): void {
    this.local = local;
  }

  async cancel(jobId: string, by: CancelBy): Promise<CancelOutcome> {
    // Asked while this process cannot hear the answer (Redis reconnecting), the process that has the job would
    // cancel it and this one would say 'not_found'; and "only this process listens" below would be wrong.
    if (!(await this.subscription?.whenListening(this.timeoutMs))) {
      this.log.warn({ job: jobId }, 'cancel not sent: this process hears no answers until Redis is back');
      return 'not_found';
    }
    const request = randomUUID();
    const answered = new Promise<CancelOutcome>((resolve) => {
      const timer = setTimeout(() => settle('not_found'), this.timeoutMs);
      const settle = (outcome: CancelOutcome) => {
        clearTimeout(timer);
        this.waiting.delete(request);
        resolve(outcome);
      };
      this.waiting.set(request, settle);
    });
    const message: Message = { type: 'cancel', request, from: this.instance, jobId, by };
    try {
      const listeners = await boundedCommand(this.publisher, this.timeoutMs, () =>
        this.publisher.publish(CANCEL_CHANNEL, JSON.stringify(message)),
      );
      // Only this process listens: nobody else could have the job.
      if (listeners <= 1) this.waiting.get(request)?.('not_found');
    } catch (error) {
      this.log.warn(
        { err: (error as Error).message, job: jobId },
        'cancel could not be sent to the other bot processes',
      );
      this.waiting.get(request)?.('not_found');
    }
    return answered;
  }

  async close(): Promise<void> {
    for (const settle of [...this.waiting.values()]) settle('not_found');
    this.subscriber.disconnect();
  }

  private received(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.type === 'answer') {
      this.waiting.get(message.request)?.(message.outcome);
      return;
    }
    if (message.type !== 'cancel' || message.from === this.instance || !this.local) return;
    const outcome = this.local(message.jobId, message.by);
    // Silence means "not here": only the process that has the job answers.
    if (outcome === 'not_found') return;
    this.log.info({ job: message.jobId, outcome }, 'cancel asked by another bot process');
    const answer: Message = { type: 'answer', request: message.request, outcome };
    this.publisher.publish(CANCEL_CHANNEL, JSON.stringify(answer)).catch((error: unknown) => {
      this.log.warn({ err: (error as Error).message, job: message.jobId }, 'could not answer a cancel');
    });
  }
}
