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
