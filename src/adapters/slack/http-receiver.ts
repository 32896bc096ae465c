// Bolt's HTTPReceiver behind our own node http server: the guard (http-guard.ts) sees every
// request first, and Bolt only gets bodies already read under the cap.
import type { Server } from 'node:http';
import type { ListenOptions } from 'node:net';
import { HTTPReceiver, type App, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SeenOnce } from '../../pipeline/index.js';
import { SLACK_EVENTS_PATH, createSlackHttpGuard, createSlackHttpServer, type SlackHttpLimits } from './http-guard.js';

export interface GuardedHttpReceiverOptions {
  signingSecret: string;
  limits: SlackHttpLimits;
  log: Logger;
  boltLogger: BoltLogger;
  /** Where to listen when start() is given nothing. */
  port: number;
  /** Signatures accepted by any replica (SCANLINE_REDIS_URL). */
  sharedReplays?: SeenOnce;
}

export class GuardedHttpReceiver implements Receiver {
  private readonly bolt: HTTPReceiver;
  private readonly options: GuardedHttpReceiverOptions;
  private server: Server | undefined;

  constructor(options: GuardedHttpReceiverOptions) {
    this.options = options;
    this.bolt = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger: options.boltLogger,
    });
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  async start(listen: number | ListenOptions = this.options.port): Promise<Server> {
    if (this.server) throw new Error('the Slack HTTP receiver is already started');
    const { signingSecret, limits, log, sharedReplays } = this.options;
    const guard = createSlackHttpGuard(
      { signingSecret, limits, log, ...(sharedReplays ? { sharedReplays } : {}) },
      this.bolt.requestListener,
    );
    const server = createSlackHttpServer(guard, limits);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => log.error({ err: error }, 'Slack HTTP server error'));
    this.server = server;
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A stopping bot does not wait for slow or kept-alive clients; Slack retries what it missed.
    server.closeAllConnections();
    await closed;
  }
}
