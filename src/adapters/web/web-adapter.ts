// The local playground as an adapter: the chat core over the playground's HTTP server, stores and sessions.
import type { Logger } from 'pino';
import { ChatCore, type SinkBudget } from '../../pipeline/index.js';
import type { AdapterRuntime } from '../adapter-runtime.js';
import { MAX_IMAGES_PER_MESSAGE, MAX_TEXT_LENGTH } from './api-requests.js';
import { SessionRegistry } from './browser-sessions.js';
import { startHttpServer, type HttpServer } from './http-server.js';
import { ImageStore } from './image-store.js';
import { JobApi } from './job-api.js';
import { UploadAdmission } from './upload-admission.js';

/** What the playground needs of the process runtime (src/bots/runtime.ts satisfies it). */
export type PlaygroundRuntime = AdapterRuntime;

/** The settings the playground reads (src/bots/config.ts Config satisfies it). */
export interface PlaygroundConfig {
  playground: { host: string; port: number; token?: string };
  attachments: { maxBytes: number };
  playgroundLimits?: { memoryBytes: number; sessionBytes: number; uploadsAtOnce: number; uploadsPerSession: number };
  /** Set when requests run on `scanline worker`s through Redis (the page says so). */
  redis?: { url: string };
}

export interface PlaygroundOptions {
  /** Memory for uploads and results, all sessions together (default: the config's playgroundLimits). */
  storeBytes?: number;
  /** One session's share of it; past it the session's own least recently used files go. */
  sessionBytes?: number;
  /** Uploads read at once, in all and per session. */
  uploadsAtOnce?: number;
  uploadsPerSession?: number;
  /** A session unused this long may lose its images when the store is full (default 30 minutes). */
  sessionIdleMs?: number;
  /** An upload sending nothing this long is dropped, freeing its slot (default 30 s). */
  uploadIdleMs?: number;
  maxSessions?: number;
  /** Turns each browser keeps for a reload. */
  maxTurns?: number;
  /** Minimum time between two updates of one reply. */
  minIntervalMs?: number;
}

export type Playground = HttpServer;

/** A local page has no rate limit: every frame goes out, still one at a time and newest first (the presenter's rule). */
const WEB_MIN_INTERVAL_MS = 0;
/** Results are PNG unless larger than this; a browser has no upload limit of its own. */
const MAX_RESULT_BYTES = 32 * 1024 * 1024;

/**
 * The local playground: the page, a JSON API and Server-Sent Events over
 * Node's http module, a third adapter on the same pipeline as Discord and Slack.
 */
export async function startWebAdapter(
  runtime: PlaygroundRuntime,
  config: PlaygroundConfig,
  log: Logger,
  opts: PlaygroundOptions = {},
): Promise<Playground> {
  const core = new ChatCore({ pipeline: runtime.pipeline, platform: 'web', log });
  // Jobs of an earlier run were in tabs that are gone: they are only closed in the journal.
  await core.recoverInterrupted();

  const maxUpload = config.attachments.maxBytes;
  const limits = config.playgroundLimits;
  const store = new ImageStore({
    maxBytes: opts.storeBytes ?? limits?.memoryBytes ?? Math.max(256 * 1024 * 1024, 4 * maxUpload),
    sessionBytes: opts.sessionBytes ?? limits?.sessionBytes ?? Math.max(100 * 1024 * 1024, maxUpload),
    idleMs: opts.sessionIdleMs ?? 30 * 60_000,
  });
  const uploads = new UploadAdmission(store, {
    maxBytes: maxUpload,
    atOnce: opts.uploadsAtOnce ?? limits?.uploadsAtOnce ?? 4,
    perSession: opts.uploadsPerSession ?? limits?.uploadsPerSession ?? 2,
    idleMs: opts.uploadIdleMs ?? 30_000,
  });
  const budget: SinkBudget = {
    minIntervalMs: opts.minIntervalMs ?? WEB_MIN_INTERVAL_MS,
    maxFileBytes: MAX_RESULT_BYTES,
    previewMime: 'image/jpeg',
  };
  return startHttpServer({
    host: config.playground.host,
    port: config.playground.port,
    ...(config.playground.token !== undefined ? { token: config.playground.token } : {}),
    sessions: new SessionRegistry(store, { maxSessions: opts.maxSessions ?? 500, maxTurns: opts.maxTurns ?? 100 }),
    store,
    uploads,
    jobs: new JobApi({ core, store, budget, log }),
    async info(locale) {
      const { provider, packs } = await runtime.engine.packs();
      return {
        locale,
        provider,
        // Where requests run: this process's engine, or `scanline worker`s through Redis.
        runsOn: config.redis ? 'workers' : 'here',
        packs: packs
          .filter((p) => p.preferredFor.length > 0)
          .map((p) => ({ name: p.name, version: p.version, origin: p.origin, tasks: p.preferredFor })),
        maxUploadBytes: maxUpload,
        maxUploadsAtOnce: uploads.limits.perSession,
        maxImages: MAX_IMAGES_PER_MESSAGE,
        maxTextLength: MAX_TEXT_LENGTH,
      };
    },
    log,
  });
}
