import type { Logger } from 'pino';
import type { Config } from '../common/config.js';
import {
  ChatCore,
  createAttachmentPolicy,
  type AttachmentPolicy,
  type Pipeline,
  PLATFORM_ATTACHMENT_HOSTS,
  type PlatformMetrics,
  type SeenOnce,
  type SharedNotes,
} from '../pipeline/index.js';

/** What an adapter gets from the process: the shared pipeline, and the engine's pack list for banners. */
export interface AdapterRuntime {
  pipeline: Pipeline;
  engine: {
    packs(): Promise<{
      provider: string;
      packs: { name: string; version: string; origin: string; preferredFor: readonly string[] }[];
    }>;
  };
  /** The process's metrics, when it keeps them: adapters report the platform's 429s. */
  metrics?: PlatformMetrics;
  /** Repeat detection shared by every bot process (SCANLINE_REDIS_URL); absent = this process's memory. */
  seenOnce?: SeenOnce;
  /** Small facts shared by every bot process (SCANLINE_REDIS_URL); absent = this process's memory only. */
  notes?: SharedNotes;
}

/** What every chat adapter starts from: its settings, its own log, its chat core over the shared pipeline, its download policy. */
export interface AdapterBase<Settings> {
  settings: Settings;
  log: Logger;
  core: ChatCore;
  /** Downloads of the platform's files: its CDN hosts plus SCANLINE_ATTACHMENT_HOSTS, under the size and time limits. */
  policy: AttachmentPolicy;
}

/** Throws when the platform has no settings (its token is not set): the process starts only configured adapters. */
export function adapterBase<P extends 'discord' | 'slack'>(
  runtime: AdapterRuntime,
  config: Config,
  log: Logger,
  platform: P,
): AdapterBase<NonNullable<Config[P]>> {
  const settings = config[platform];
  if (!settings) throw new Error(`The ${platform} adapter is not configured (its token is not set)`);
  const child = log.child({ part: platform });
  return {
    settings,
    log: child,
    core: new ChatCore({ pipeline: runtime.pipeline, platform, log: child }),
    policy: createAttachmentPolicy({
      baseHosts: PLATFORM_ATTACHMENT_HOSTS[platform],
      extraHosts: config.attachments.extraHosts,
      maxBytes: config.attachments.maxBytes,
      timeoutMs: config.attachments.timeoutMs,
    }),
  };
}

/** Whether a started adapter is connected (for /healthz): `detail` is one line an operator can act on. */
export interface AdapterHealth {
  ok: boolean;
  detail: string;
}

/** A started adapter: the process closes it at shutdown and asks it how it is. */
export interface RunningAdapter {
  close(): Promise<void>;
  health(): AdapterHealth;
}

/** How the process starts an adapter: the shared runtime, the settings, the log, and the adapter's own options. */
export type StartAdapter<Options, Adapter extends RunningAdapter> = (
  runtime: AdapterRuntime,
  config: Config,
  log: Logger,
  options?: Options,
) => Promise<Adapter>;
