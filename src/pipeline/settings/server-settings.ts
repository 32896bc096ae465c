// What a server's admins can set (`/scanline settings` on Discord, its Slack equivalent),
// and what the pipeline reads for each request. The store that keeps them (SQLite under the
// data folder, or Redis with SCANLINE_REDIS_URL) and the usage log live beside this file.

import type { Locale } from '../../common/locale.js';
import type { Platform, Requester, Task } from '../types.js';

/** The image safety policy (nsfwjs classes: drawing, hentai, neutral, porn, sexy). */
export interface SafetySettings {
  /** Images whose porn or hentai score is at least this are withheld where adult content is not allowed. */
  withholdAt: number;
  /** Images whose sexy score is at least this are posted as spoilers (blurred) where adult content is not allowed. */
  spoilerAt: number;
  /** Post borderline images as spoilers (true) or plainly (false). */
  spoilerBorderline: boolean;
  /**
   * Where the platform has no age-restricted flag (Slack channels, every DM): whether adult
   * content may be posted there. Discord channels follow their own `nsfw` flag.
   */
  adultWithoutFlag: boolean;
}

export interface ServerSettings {
  /** Channels where the bot answers; empty = every channel it can see. */
  channels: string[];
  safety: SafetySettings;
  /** Queued + running jobs per user in this server; undefined = the process's SCANLINE_MAX_QUEUED_PER_USER. */
  perUserCap?: number;
  /** Language of replies when the user's own is unknown; undefined = detected from the message. */
  language?: Locale;
  /** Tasks the admins switched off in this server. */
  disabledTasks: Task[];
}

export const DEFAULT_SAFETY: Readonly<SafetySettings> = Object.freeze({
  withholdAt: 0.6,
  spoilerAt: 0.6,
  spoilerBorderline: true,
  adultWithoutFlag: false,
});

export function defaultServerSettings(): ServerSettings {
  return { channels: [], safety: { ...DEFAULT_SAFETY }, disabledTasks: [] };
}

/** Which server's settings apply to a requester: the guild or workspace; DMs use their own scope. */
export function serverKey(from: Pick<Requester, 'platform' | 'guildId' | 'isDM' | 'userId'>): {
  platform: Platform;
  serverId: string;
} {
  return { platform: from.platform, serverId: from.guildId ?? (from.isDM ? `dm:${from.userId}` : 'default') };
}

/** Read side the pipeline uses; the settings store implements it. */
export interface SettingsSource {
  forRequester(from: Requester): Promise<ServerSettings>;
}

/** One line of the usage log (`/scanline usage`): never the image or the prompt. */
export interface UsageEvent {
  platform: Platform;
  serverId: string;
  userId: string;
  task: Task;
  /** ms since epoch. */
  at: number;
  outcome: 'done' | 'failed' | 'cancelled' | 'refused';
  /** For refusals and failures: a ScanlineError code or 'safety_withheld', 'task_disabled'... */
  reason?: string;
}

export interface UsageRecorder {
  record(event: UsageEvent): void;
}

/** How long usage is kept and what `/scanline usage` covers. */
export const USAGE_DAYS = 30;

/** One server's usage over the last USAGE_DAYS days (`/scanline usage`): ids and counts only. */
export interface UsageReport {
  /** First and last UTC day covered, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Requests that became jobs (done, failed or cancelled) and refusals, in all. */
  jobs: number;
  refused: number;
  /** Per task, most used first. */
  byTask: { task: Task; done: number; failed: number; cancelled: number; refused: number }[];
  /** The users with the most jobs, at most ten. */
  topUsers: { userId: string; jobs: number; refused: number }[];
  /** Days with any request, oldest first. */
  byDay: { day: string; jobs: number; refused: number }[];
  /** Refusals by reason (a ScanlineError code), most frequent first. */
  refusals: { reason: string; count: number }[];
}

/** A server as the store keys it. */
export type ServerKey = ReturnType<typeof serverKey>;

/** The durable settings and usage of every server (SQLite under the data folder, or Redis). */
export interface SettingsStore extends SettingsSource, UsageRecorder {
  /** Where it keeps them, for logs: a file path or a redacted Redis URL. */
  readonly where: string;
  get(server: ServerKey): Promise<ServerSettings>;
  /** Stores the settings as given (validated first: throws SettingsInvalidError). */
  put(server: ServerKey, settings: ServerSettings, by: string): Promise<void>;
  /** The usage of the last USAGE_DAYS days up to `now` (default: the clock). */
  usage(server: ServerKey, now?: number): Promise<UsageReport>;
  /** Drops usage older than USAGE_DAYS days before `now`. */
  prune(now?: number): Promise<void>;
  /** Resolves when every recorded event is stored. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
