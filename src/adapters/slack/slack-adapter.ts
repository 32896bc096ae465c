// Scanline in Slack: the Bolt app, who we are, event dedupe, the listeners (message events, actions,
// the edit modal), start and stop, and what a restart picks up again (threads, interrupted jobs).
import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import { WebClientEvent } from '@slack/web-api';
import type { Logger } from 'pino';
import { MemorySeenOnce, type ChatCore, type JobRecord, type SeenOnce } from '../../pipeline/index.js';
import { adapterBase, type AdapterHealth, type RunningAdapter, type StartAdapter } from '../adapter-runtime.js';
import type { SlackHttpLimits } from './http-guard.js';
import { listenForActions } from './slack-actions.js';
import { listenForAdminCommand } from './slack-admin-command.js';
import { createBoltApp } from './slack-app.js';
import { sentenceBlocks } from './slack-blocks.js';
import { withRateLimitRetry } from './slack-errors.js';
import type { FileAccess } from './slack-files.js';
import { slackLocationOf } from './slack-location.js';
import { listenForMessages } from './slack-message-events.js';
import { SlackPeople } from './slack-people.js';
import { DEFAULT_SINK_TIMINGS, type SlackSinkTimings } from './slack-reply-sink.js';
import { SlackScope, type SlackIdentity } from './slack-scope.js';
import { ThreadIndex } from './slack-threads.js';
import { listenForEditModal } from './slack-view-submission.js';
import { SLACK_TIER3_PER_MINUTE, TeamUpdateBudget } from './update-budget.js';

export interface SlackAdapterOptions {
  /** HTTP mode: where to listen (default: config.slack.port on all interfaces). Tests use port 0 on 127.0.0.1. */
  listen?: { port: number; host?: string };
  /** HTTP mode: body cap, timeouts and replay memory (defaults in http-guard.ts); tests shorten the timeouts. */
  httpLimits?: Partial<SlackHttpLimits>;
  timings?: Partial<SlackSinkTimings>;
  /** chat.update budget per workspace (Slack Tier 3: 50 a minute). */
  updatesPerMinute?: number;
  updateBurst?: number;
}

export interface SlackAdapter extends RunningAdapter {
  /** HTTP mode: the port the events endpoint listens on. */
  readonly port?: number;
  readonly botUserId: string;
}

type StartSlack = StartAdapter<SlackAdapterOptions, SlackAdapter>;

/** Starts Scanline's Slack app on the shared runtime; resolves once it receives events. */
export const startSlackAdapter: StartSlack = async (runtime, config, log, options = {}) => {
  const { settings: slack, log: slog, core, policy } = adapterBase(runtime, config, log, 'slack');
  const app = createBoltApp(slack, slog, options.httpLimits, runtime.seenOnce);
  await app.init();
  const client = app.client;
  // Every Web API call of ours goes through this client (scope.client), so each 429 is seen here once.
  client.on(WebClientEvent.RATE_LIMITED, () => runtime.metrics?.rateLimited('slack'));
  const auth = await client.auth.test();
  if (!auth.user_id || !auth.team_id) throw new Error('auth.test returned no user_id or team_id');
  const me: SlackIdentity = {
    userId: auth.user_id,
    team: auth.team_id,
    ...(auth.bot_id ? { botId: auth.bot_id } : {}),
  };

  const access: FileAccess = {
    botToken: slack.botToken,
    policy,
  };
  const scope = new SlackScope({
    core,
    client,
    me,
    access,
    people: new SlackPeople(client),
    threads: await threadsAnswered(core, new ThreadIndex(runtime.notes ? { shared: runtime.notes } : {})),
    budget: new TeamUpdateBudget({
      perMinute: options.updatesPerMinute ?? SLACK_TIER3_PER_MINUTE,
      burst: options.updateBurst ?? 5,
    }),
    timings: { ...DEFAULT_SINK_TIMINGS, ...options.timings },
    log: slog,
  });

  answerEachEventOnce(app, runtime.seenOnce ?? new MemorySeenOnce(), slog);
  listenForMessages(app, scope);
  listenForActions(app, scope);
  listenForEditModal(app, scope);
  listenForAdminCommand(app, scope);
  app.error(async (error) => {
    slog.error({ err: error }, 'Bolt reported an error');
  });

  const started: unknown =
    slack.mode === 'http'
      ? await app.start(options.listen ? { port: options.listen.port, host: options.listen.host } : slack.port)
      : await app.start();
  const address = slack.mode === 'http' ? ((started as Server).address() as AddressInfo | null) : null;
  slog.info({ mode: slack.mode, port: address?.port, team: me.team }, 'Slack adapter ready');

  // Jobs a `scanline worker` still runs for a bot process that stopped (a restart, or a replica gone) are shown
  // to the end on their reply, by this process.
  await core.recoverInterrupted(
    (record, sentence) => tellInterrupted(scope, record, sentence),
    (record) => scope.journaledReply(record),
  );

  const server = slack.mode === 'http' ? (started as Server) : undefined;
  const socketHealth = slack.mode === 'socket' ? watchSocketMode(app) : undefined;
  return {
    ...(address ? { port: address.port } : {}),
    botUserId: me.userId,
    async close() {
      await app.stop();
    },
    health() {
      if (socketHealth) return socketHealth();
      return server?.listening
        ? { ok: true, detail: `listening for events on port ${address?.port}` }
        : { ok: false, detail: 'the events server is not listening' };
    },
  };
};

/** Socket Mode's connection state, from its client's events (Bolt keeps the receiver that owns it private). */
function watchSocketMode(app: App): () => AdapterHealth {
  const socket = (app as unknown as { receiver?: { client?: EventEmitter } }).receiver?.client;
  if (!socket) return () => ({ ok: true, detail: 'Socket Mode (its connection state is not visible)' });
  // app.start() resolved: the socket is connected now.
  let state = 'connected';
  for (const next of ['connecting', 'connected', 'reconnecting', 'disconnecting', 'disconnected']) {
    socket.on(next, () => (state = next));
  }
  return () =>
    state === 'connected'
      ? { ok: true, detail: 'Socket Mode connected' }
      : { ok: false, detail: `Socket Mode ${state}` };
}

/** Threads answered before a restart: their starters may still follow up without a mention. */
async function threadsAnswered(core: ChatCore, threads: ThreadIndex): Promise<ThreadIndex> {
  for (const job of await core.recentJobs()) {
    const reply = slackLocationOf(job);
    const thread = reply?.thread ?? reply?.ts;
    // The shared journal is every replica's: nothing to tell the others.
    if (reply && thread) threads.add(reply.channel, thread, job.from.userId, { share: false });
  }
  return threads;
}

/** Slack retries an event for up to about an hour (x-slack-retry-num 1-3). */
const EVENT_RETRY_WINDOW_MS = 60 * 60 * 1000;

/**
 * Slack retries events it thinks we missed: each event id is answered once. With several replicas
 * behind a load balancer a retry may reach another one, so the ids are shared (SCANLINE_REDIS_URL).
 */
function answerEachEventOnce(app: App, seen: SeenOnce, log: Logger): void {
  app.use(async ({ body, next }) => {
    const id = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (id && !(await seen.first(`slack:event:${id}`, EVENT_RETRY_WINDOW_MS))) {
      log.debug({ eventId: id }, 'repeated event ignored');
      return;
    }
    await next();
  });
}

/** An interrupted job's reply says so; without a posted reply, the sentence goes to its thread. */
async function tellInterrupted(scope: SlackScope, record: JobRecord, sentence: string): Promise<void> {
  const message = sentenceBlocks(sentence);
  const reply = slackLocationOf(record);
  const channel = reply?.channel ?? record.from.channelId;
  const ts = reply?.ts;
  if (ts) {
    await withRateLimitRetry(() => scope.client.chat.update({ channel, ts, ...message }));
    return;
  }
  const thread = reply?.thread ?? record.from.threadId;
  await withRateLimitRetry(() =>
    scope.client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread } : {}), ...message }),
  );
}
